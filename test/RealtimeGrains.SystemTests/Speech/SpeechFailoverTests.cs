using System.Collections.Concurrent;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Streaming;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Speech;

/// <summary>
/// The speech service as the embedded default runs it, on two real silo processes with Redis and the real engine:
/// sessions talk at real-time pace while the silo hosting some of them is killed (-9). Every utterance still gets
/// exactly one result: a subscriber on the results stream sees each (session, utterance) once, numbered without gaps.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SpeechFailoverTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Sessions = 12, CommandsPerSession = 3;

    [Fact]
    public async Task SiloKilledMidRun_EveryUtteranceGetsExactlyOneResult()
    {
        // The audio timeout (1 s of no frame, in processing time, ends an utterance) is raised to 5 s here: on a loaded
        // machine a stall of a second (a slow checkpoint while each session's frames wait for their ack) cut most
        // sessions' first command in two and failed the accuracy bound below, although every utterance still got
        // exactly one result. What this test checks is the kill; the timer's cut is tested by SpeechSessionProcessorTests.
        await using var cluster = await RedisCluster.StartAsync(redis, "speech-kill", 2, new Dictionary<string, string>
        {
            [$"RealtimeGrains__Streaming__Streams__{SpeechStreams.Audio}__Settings__AudioTimeoutMs"] = "5000",
        });
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var queries = new StreamQueries(client);
        await queries.GetStatsAsync(SpeechStreams.Audio);
        await queries.GetStatsAsync(SpeechStreams.Results);

        var seen = new ConcurrentDictionary<(string Session, int Utterance), SpeechResult>();
        var duplicates = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        await using var feed = await new OutputSubscriber(client).OpenAsync(SpeechStreams.Results, fromSequence: 1);
        var reading = Task.Run(async () =>
        {
            await foreach (var output in feed.ReadAllAsync<SpeechResult>(stop.Token))
            {
                var result = output.Value;
                if (result.Utterance > 0 && !seen.TryAdd((result.Session, result.Utterance), result))
                {
                    duplicates.Add($"{result.Session} #{result.Utterance}");
                }
            }
        });

        // Each session says three commands (a second of silence between them) at real-time pace.
        var commands = SpeechTestSet.InGrammar.Where(s => s.Noise == "none").ToList();
        var said = Enumerable.Range(0, Sessions).ToDictionary(
            s => "talk-" + s.ToString(CultureInfo.InvariantCulture),
            s => Enumerable.Range(0, CommandsPerSession).Select(c => commands[((s * CommandsPerSession) + c) % commands.Count]).ToList());
        await using var speech = new SpeechClient(client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromSeconds(60) });
        var talking = said.Select(async pair =>
        {
            await using var session = await speech.OpenSessionAsync(pair.Key);
            var pcm = pair.Value.SelectMany(c => c.ReadPcm().Concat(new short[SpeechFormat.SampleRate])).ToArray();
            await session.StreamAsync(pcm, SpeechPace.RealTime);
            return await session.ReadResultsAsync().ToListAsync();
        }).ToList();

        // The victim hosts partition 0 of the audio stream; it dies while every session is mid-sentence.
        var hosting = (await Membership.Management(client).GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(SpeechStreams.Audio, 0))))!;
        var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);
        await Eventually.TrueAsync(() => Task.FromResult(!seen.IsEmpty), TimeSpan.FromSeconds(60), "a first result before the kill");
        victim.Kill();
        output.WriteLine($"killed {victim.Ports} after {seen.Count} results");

        await Task.WhenAll(talking).WaitAsync(TimeSpan.FromMinutes(3));
        var expected = Sessions * CommandsPerSession;
        await Eventually.TrueAsync(
            () => reading.IsFaulted ? Task.FromException<bool>(reading.Exception!.InnerException!) : Task.FromResult(seen.Count >= expected),
            TimeSpan.FromSeconds(120), $"{expected} results reached the subscriber");
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Empty(duplicates);
        Assert.All(seen.Values, r => Assert.Null(r.Error));
        var right = 0;
        foreach (var (session, spoken) in said)
        {
            var results = seen.Where(s => s.Key.Session == session).OrderBy(s => s.Key.Utterance).Select(s => s.Value).ToList();
            output.WriteLine($"{session}: {string.Join("; ", results.Select(r => $"#{r.Utterance} {r.StartMs}-{r.EndMs} {r.End} '{r.Text}'"))}");
            // Utterances as the service cut them: numbered from 1 without a gap, each once. A stall longer than the
            // stream's AudioTimeoutMs (5 s here) would cut a command in two, which the accuracy bound below absorbs.
            Assert.Equal(Enumerable.Range(1, results.Count), results.Select(r => r.Utterance));
            Assert.InRange(results.Count, CommandsPerSession, CommandsPerSession + 2);
            var texts = results.Select(r => r.Text).ToList();
            right += spoken.Count(c => texts.Remove(c.Expected));
        }

        output.WriteLine($"{seen.Count} results ({seen.Count - expected} from commands cut in two), {right} of {expected} commands recognized exactly");
        Assert.True(right >= expected * 8 / 10, $"only {right} of {expected} commands recognized exactly (accuracy itself is measured by the speech benchmark)");
    }
}
