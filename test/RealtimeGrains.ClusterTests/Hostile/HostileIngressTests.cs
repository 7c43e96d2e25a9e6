using System.Diagnostics;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.ClusterTests.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.ClusterTests.Hostile;

/// <summary>A client that is not our producer calls the ingress directly: each bad envelope is refused by name, and nothing is applied.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileIngressTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Partitions = 8;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly Dictionary<Guid, StreamBatch> _sent = [];

    /// <summary>
    /// Waits until every batch that passed the ingress was acknowledged or refused, sending again (as a producer does
    /// after its ack timeout) those with no answer yet: delivery is at least once only with
    /// resends (an answer lost to a timeout on a loaded machine). Returns how many were resent.
    /// </summary>
    private async Task<int> AnswerEveryBatchAsync(RecordingAckObserver observer, int seed)
    {
        List<StreamBatch> Unanswered()
        {
            var heard = observer.Acks.Select(a => a.ProducerId).Concat(observer.Rejections.Select(r => r.ProducerId)).ToHashSet();
            return [.. _sent.Values.Where(b => !heard.Contains(b.ProducerId))];
        }

        var resent = 0;
        for (var round = 0; round < 6; round++)
        {
            var missing = Unanswered();
            foreach (var batch in round == 0 ? [] : missing)
            {
                await Ingress.Publish(batch);
                resent++;
            }

            try
            {
                await Eventually.TrueAsync(() => Task.FromResult(Unanswered().Count == 0), TimeSpan.FromSeconds(5), "an answer to every batch");
                return resent;
            }
            catch (TimeoutException)
            {
            }
        }

        throw new TimeoutException($"seed {seed}: {Unanswered().Count} batches never answered: " +
            string.Join("; ", Unanswered().Take(5).Select(b => $"partition {b.Partition} sequence {b.Sequence} count {b.Count}")));
    }

    private IStreamIngressGrain Ingress => fixture.Client.GetGrain<IStreamIngressGrain>(0);

    private StreamQueries Queries => new(fixture.Client);

    public static TheoryData<string, string> BadEnvelopes => new()
    {
        { "no batch", "the batch is missing" },
        { "no stream", "the batch names no stream" },
        { "no events", "the batch has no events array" },
        { "undeclared stream", "stream 'nope' is not declared on this silo" },
        { "negative partition", "partition -1 is not one of the stream's 8 partitions (0-7)" },
        { "partition past the last", "partition 8 is not one of the stream's 8 partitions (0-7)" },
        { "negative count", "a count of -5 events is impossible in 8 bytes" },
        { "huge count", "a count of 2147483647 events is impossible in 8 bytes" },
        { "zero sequence", "sequence 0 with 0 acknowledged is impossible (sequences start at 1, and only earlier ones can be acknowledged)" },
        { "acknowledged ahead", "sequence 1 with 1 acknowledged is impossible (sequences start at 1, and only earlier ones can be acknowledged)" },
        { "2 MiB of events", "2097152 bytes of events are over the limit of 1048576 bytes (RealtimeGrains:Streaming:MaxBatchBytes)" },
    };

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public async Task Publish_BadEnvelope_RefusedByNameAndNothingApplied(string attack, string detail)
    {
        var good = Attack.Sealed("events", 0, "hostile-envelope");
        var batch = attack switch
        {
            "no batch" => null,
            "no stream" => good with { Stream = null! },
            "no events" => good with { Events = null! },
            "undeclared stream" => Attack.Reseal(good with { Stream = "nope" }),
            "negative partition" => Attack.Reseal(good with { Partition = -1 }),
            "partition past the last" => Attack.Reseal(good with { Partition = Partitions }),
            "negative count" => Attack.Reseal(good with { Events = new byte[8], Count = -5 }),
            "huge count" => Attack.Reseal(good with { Events = new byte[8], Count = int.MaxValue }),
            "zero sequence" => Attack.Reseal(good with { Sequence = 0 }),
            "acknowledged ahead" => Attack.Reseal(good with { AcknowledgedUpTo = 1 }),
            _ => Attack.Reseal(good with { Events = new byte[2 * 1024 * 1024] }),
        };
        var before = (await Queries.GetStatsAsync("events")).Total;

        var refused = await Assert.ThrowsAsync<BatchRejectedException>(() => Ingress.Publish(batch!));

        Assert.Equal(BatchRejectReason.Malformed, refused.Reason);
        Assert.EndsWith($"(Malformed): {detail}", refused.Message, StringComparison.Ordinal);
        var after = (await Queries.GetStatsAsync("events")).Total;
        Assert.Equal((before.Batches, before.Malformed, before.CrcFailures, before.Keys), (after.Batches, after.Malformed, after.CrcFailures, after.Keys));
    }

    [Fact]
    public async Task Publish_RandomHostileBatches_EachGetsItsOutcomeAndOnlyValidOnesApply()
    {
        var seed = Attack.Seed(20261128);
        const int inputs = 1_500;
        output.WriteLine($"fuzz seed {seed} (set RTG_FUZZ_SEED={seed} to replay)");
        var observer = new RecordingAckObserver();
        var fuzz = new IngressFuzz(new Random(seed), fixture.Client.CreateObjectReference<IBatchAckObserver>(observer), Partitions, dedupWindow: 1024);
        var before = (await Queries.GetStatsAsync("events")).Total;
        var expected = new Dictionary<IngressFuzz.Outcome, int>();
        long expectedEvents = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < inputs; i++)
        {
            var (batch, outcome) = fuzz.Next();
            if (outcome != IngressFuzz.Outcome.RefusedAtIngress)
            {
                _sent[batch!.ProducerId] = batch;
            }

            expected[outcome] = expected.GetValueOrDefault(outcome) + 1;
            expectedEvents += outcome == IngressFuzz.Outcome.Applied ? batch!.Count : 0;
            var refused = await PublishAsync(batch!);
            if (outcome == IngressFuzz.Outcome.RefusedAtIngress != refused is BatchRejectedException || (refused is not null and not BatchRejectedException))
            {
                Assert.Fail($"input {i} of seed {seed}: expected {outcome}, the ingress answered {refused?.GetType().Name ?? "OK"}: {refused?.Message}");
            }
        }

        var applied = expected.GetValueOrDefault(IngressFuzz.Outcome.Applied);
        var refusedByPartition = expected.GetValueOrDefault(IngressFuzz.Outcome.RefusedByPartition);
        var resent = await AnswerEveryBatchAsync(observer, seed);
        var after = (await Queries.GetStatsAsync("events")).Total;
        output.WriteLine($"{inputs} inputs in {clock.ElapsedMilliseconds} ms: {expected.GetValueOrDefault(IngressFuzz.Outcome.RefusedAtIngress)} refused at the ingress, " +
            $"{refusedByPartition} by partitions ({string.Join(", ", observer.Rejections.GroupBy(r => r.Reason).Select(g => $"{g.Key} {g.Count()}"))}), {applied} applied; " +
            $"{resent} sends repeated as a producer would after its ack timeout");
        Assert.Equal(refusedByPartition, observer.Rejections.Select(r => r.ProducerId).Distinct().Count());
        Assert.Equal(applied, observer.Acks.Select(a => a.ProducerId).Distinct().Count());
        Assert.Equal(applied, after.Batches - before.Batches);
        Assert.Equal(expectedEvents, after.EventsApplied + after.EventsRejected - before.EventsApplied - before.EventsRejected);
        Assert.True(applied > 0 && refusedByPartition > 0, $"seed {seed} should exercise every outcome");
    }

    /// <summary>
    /// One input's answer. A response timeout (5 s in this fixture, reached on a loaded 2-core machine) says nothing of
    /// the input: it is sent again, as our producer would (the ingress refuses again, a partition drops the duplicate).
    /// </summary>
    private async Task<Exception?> PublishAsync(StreamBatch batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await Record.ExceptionAsync(() => Ingress.Publish(batch));
            if (answer is not TimeoutException || attempt == 3)
            {
                return answer;
            }
        }
    }
}
