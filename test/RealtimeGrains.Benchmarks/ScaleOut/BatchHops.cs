using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.Benchmarks.ScaleOut;

/// <summary>The silos' <c>rtg.stream.batch_hops</c> histogram summed over every silo's <c>/metrics</c>.</summary>
internal readonly record struct BatchHops(double Hops, double Batches)
{
    public double PerBatch => Batches == 0 ? double.NaN : Math.Round(Hops / Batches, 3);

    public static BatchHops operator -(BatchHops after, BatchHops before) => new(after.Hops - before.Hops, after.Batches - before.Batches);

    public static async Task<BatchHops> ScrapeAsync(IEnumerable<SiloProcess> silos)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var total = new BatchHops(0, 0);
        foreach (var silo in silos.Where(s => !s.HasExited))
        {
            var scrape = MetricsScrape.Parse(await http.GetStringAsync(new Uri(silo.Http, "/metrics")));
            total = new BatchHops(total.Hops + scrape.Sum("rtg_stream_batch_hops_sum"), total.Batches + scrape.Sum("rtg_stream_batch_hops_count"));
        }

        return total;
    }
}
