using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Placement;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Placement;

/// <summary>One measured run: a burst of sleep tasks on three in-process silos with given capacities, under one task strategy.</summary>
internal static class PlacementScenario
{
    public const int SlotsPerCapacity = 4;

    public static async Task<PlacementOutcome> RunAsync(string strategy, double[] capacities, int tasks, int sleepMs)
    {
        var builder = new InProcessTestClusterBuilder((short)capacities.Length);
        builder.Options.UseRealEnvironmentStatistics = true;
        builder.ConfigureSiloHost((silo, host) =>
        {
            var index = int.Parse(silo.SiloName.AsSpan("Silo_".Length), CultureInfo.InvariantCulture);
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RealtimeGrains:Placement:TaskStrategy"] = strategy,
                ["RealtimeGrains:Placement:CapacityWeight"] = capacities[index].ToString(CultureInfo.InvariantCulture),
                ["RealtimeGrains:Placement:TaskSlotsPerCapacity"] = SlotsPerCapacity.ToString(CultureInfo.InvariantCulture),
                ["RealtimeGrains:Scheduler:HistoryLength"] = tasks.ToString(CultureInfo.InvariantCulture),
                ["RealtimeGrains:Scheduler:DefaultMaxLength"] = (tasks * 2).ToString(CultureInfo.InvariantCulture),
            });
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) => silo.AddRealtimeGrains());
        builder.ConfigureClient(client => client.AddRealtimeGrainsClient(o => o.Gateways.Clear()));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var silos = cluster.Silos.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.SiloAddress.ToParsableString()).ToArray();
        var client = new TaskClient(cluster.Client, TimeProvider.System);
        await WaitForCapacitiesAsync(cluster, capacities);

        // Queue concurrency above the cluster's slots: placement, not the scheduler, decides where work queues.
        var slots = capacities.Sum(c => (int)Math.Round(c * SlotsPerCapacity));
        await client.CreateQueueAsync("burst", SchedulingPolicies.Fcfs, concurrency: slots * 2, maxLength: tasks * 2);
        var spec = new TaskSpec { Handler = "sleep", Payload = System.Text.Encoding.ASCII.GetBytes(sleepMs.ToString(CultureInfo.InvariantCulture)) };
        var clock = Stopwatch.StartNew();
        for (var submitted = 0; submitted < tasks; submitted += 500)
        {
            await client.SubmitManyAsync("burst", [.. Enumerable.Repeat(spec, Math.Min(500, tasks - submitted))]);
        }

        while ((await client.GetStatusAsync("burst")).Completed < tasks)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{strategy}: tasks did not complete within 5 minutes");
            }

            await Task.Delay(10);
        }

        var infos = await client.ListTasksAsync("burst");
        return PlacementOutcome.From(strategy, capacities, silos, infos);
    }

    /// <summary>Measures steady state: every silo's load view knows every silo's capacity before the burst.</summary>
    private static async Task WaitForCapacitiesAsync(InProcessTestCluster cluster, double[] capacities)
    {
        var addresses = cluster.Silos.Select(s => s.SiloAddress).ToArray();
        var clock = Stopwatch.StartNew();
        while (!cluster.Silos.All(s => cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ClusterLoadView>()
            .Candidates(addresses).Select(c => c.Capacity).Order().SequenceEqual(capacities.Order())))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("silos did not learn each other's capacities within 30 s");
            }

            await Task.Delay(10);
        }
    }
}
