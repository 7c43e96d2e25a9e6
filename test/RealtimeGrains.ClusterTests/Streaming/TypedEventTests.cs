using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

[Collection(OutputsClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class TypedEventTests(OutputsClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PublishAsync_TypedEventWithEventTime_SubscriberReadsTheValueAtThatTime()
    {
        var time = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);
        await using (var producer = new StreamProducer(fixture.Client))
        {
            await producer.PublishAsync("typed", "web-1", new Reading("web-1", 12.5), time);
        }

        var output = await new OutputSubscriber(fixture.Client).SubscribeAsync<Reading>("typed", "web-1", fromSequence: 1)
            .FirstAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(new Output<Reading>("typed", "web-1", 1, time, new Reading("web-1", 12.5)), output);
    }

    [Fact]
    public async Task PublishAsync_TypedEvent_SiloRendersItsJson()
    {
        await using (var producer = new StreamProducer(fixture.Client))
        {
            await producer.PublishAsync("typed", "db-1", new Reading("db-1", 99.5));
        }

        var output = await new OutputSubscriber(fixture.Client).SubscribeAsync("typed", "db-1", fromSequence: 1).FirstAsync().AsTask().WaitAsync(Timeout);

        Assert.True(output.Typed);
        Assert.Contains("db-1", output.Json, StringComparison.Ordinal);
        Assert.Contains("99.5", output.Json, StringComparison.Ordinal);
        Assert.Equal(new Reading("db-1", 99.5), fixture.Client.ServiceProvider.GetRequiredService<Serializer>().Deserialize<object>(output.Payload));
    }

    [Fact]
    public async Task PublishAsync_EventTimeBefore1970_ThrowsArgumentOutOfRangeAtTheProducer()
    {
        await using var producer = new StreamProducer(fixture.Client);
        var before1970 = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero);

        var typed = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => producer.PublishAsync("typed", "k", new Reading("k", 1), before1970).AsTask());
        var raw = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => producer.PublishAsync("outs", "k", "x"u8.ToArray(), before1970).AsTask());

        Assert.All([typed, raw], ex => Assert.Equal("eventTime", ex.ParamName));
        Assert.Contains("at or after 1970-01-01T00:00:00Z", typed.Message, StringComparison.Ordinal);
        Assert.Equal(0, producer.Statistics.EventsPublished);
    }

    [Fact]
    public async Task PublishAsync_TypeOrleansCannotSerialize_ThrowsInvalidEventNamingTheType()
    {
        await using var producer = new StreamProducer(fixture.Client);

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => producer.PublishAsync("typed", "k", new NotSerializable()).AsTask());

        Assert.Contains(typeof(NotSerializable).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Contains("[GenerateSerializer]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStateAsync_TypedEventsOnACountStream_ReturnsTheProcessorsState()
    {
        await using (var producer = new StreamProducer(fixture.Client))
        {
            for (var i = 0; i < 3; i++)
            {
                await producer.PublishAsync("typed", "counted", new Reading("counted", i));
            }
        }

        var queries = new StreamQueries(fixture.Client);

        Assert.Equal(3L, await queries.GetStateAsync<long>("typed", "counted"));
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => queries.GetStateAsync<Reading>("typed", "counted"));
        Assert.StartsWith("stream 'typed' key 'counted': the state of processor 'count' cannot be read as", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStateAsync_KeyWithoutState_ReturnsNull()
    {
        Assert.Null(await new StreamQueries(fixture.Client).GetStateAsync<Reading>("typed", "never-published"));
    }

    [Fact]
    public async Task GetKeyAsync_AfterTypedEvents_ViewNamesProcessorAndRendersState()
    {
        await using (var producer = new StreamProducer(fixture.Client))
        {
            await producer.PublishAsync("typed", "viewed", new Reading("viewed", 1));
            await producer.PublishAsync("typed", "viewed", new Reading("viewed", 2));
        }

        var view = await new StreamQueries(fixture.Client).GetKeyAsync("typed", "viewed");

        Assert.NotNull(view);
        Assert.Equal(("typed", "viewed", "count"), (view.Stream, view.Key, view.Processor));
        Assert.NotEmpty(view.State);
        Assert.Contains("2", view.Json, StringComparison.Ordinal);
        Assert.Equal(2, view.LastOutput);
    }

    /// <summary>A type without an Orleans codec.</summary>
    private sealed class NotSerializable;
}
