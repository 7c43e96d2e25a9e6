using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class SpeechSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task OpenAsync_SubscribesToResultsBeforeSendingOpen()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);

        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, TimeProvider.System, default);

        Assert.Equal(["subscribe s1", "publish s1"], transport.Calls.Select(c => c.Call));
        Assert.Equal(new SpeechAudio { Kind = SpeechAudioKind.Open, SampleRate = 16_000 }, transport.Calls[1].Audio);
    }

    [Fact]
    public async Task SendAsync_AnyLengths_NumbersFullFramesAndSendsTheRestOnClose()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, TimeProvider.System, default);

        await session.SendAsync(new short[1_000]);
        await session.SendAsync(new short[300]);
        await session.CloseAsync();

        Assert.Equal([0L, 1, 2, 3, 4], transport.Frames.Select(f => f.Frame));
        Assert.Equal([640, 640, 640, 640, 40], transport.Frames.Select(f => f.Pcm.Length));
        Assert.Equal(["publish s1", "flush"], transport.Calls.TakeLast(2).Select(c => c.Call));
        Assert.Equal(SpeechAudioKind.Close, transport.Calls[^2].Audio!.Kind);
        Assert.Equal(5, session.FramesSent);
    }

    [Fact]
    public async Task SendAsync_AfterClose_Throws()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, TimeProvider.System, default);
        await session.CloseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.SendAsync(new short[10]));

        Assert.Equal("speech session 's1' is closed; open a new session to send more audio", error.Message);
    }

    [Fact]
    public async Task ReadResultsAsync_Result_CarriesLatencyFromSendingItsLastVoicedFrame()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSpeechTransport(time);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, time, default);
        for (var frame = 0; frame < 5; frame++)
        {
            await session.SendAsync(new short[SpeechFormat.FrameSamples]);
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        // Speech ends at 60 ms: in frame 2, sent at 40 ms; the result arrives at 100 + 35 ms.
        time.Advance(TimeSpan.FromMilliseconds(35));
        await transport.Results.Writer.WriteAsync(Result(1, endMs: 60));
        var result = await session.ReadResultsAsync().FirstAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(95, result.LatencyMs);
        Assert.Equal("turn on the lights", result.Result.Text);
    }

    [Fact]
    public async Task ReadResultsAsync_EndsAtTheLastResult_WithoutWaitingForGrace()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSpeechTransport(time);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, time, default);
        await session.SendAsync(new short[5 * SpeechFormat.FrameSamples]);

        await transport.Results.Writer.WriteAsync(Result(1, endMs: 40));
        await transport.Results.Writer.WriteAsync(Result(2, endMs: 100, UtteranceEnd.Closed) with { Last = true });
        await session.CloseAsync();
        var results = await session.ReadResultsAsync().ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([1, 2], results.Select(r => r.Result.Utterance));
    }

    [Fact]
    public async Task ReadResultsAsync_TheEndMarker_EndsTheResults_AndIsNotAResult()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSpeechTransport(time);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, time, default);
        await session.SendAsync(new short[5 * SpeechFormat.FrameSamples]);

        await transport.Results.Writer.WriteAsync(Result(1, endMs: 40));
        await transport.Results.Writer.WriteAsync(new SpeechResult { Session = "s1", Last = true });
        await session.CloseAsync();
        var results = await session.ReadResultsAsync().ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([1], results.Select(r => r.Result.Utterance));
    }

    [Fact]
    public async Task ReadResultsAsync_NoLastResult_EndsWhenGracePassesWithNoResult()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSpeechTransport(time);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, time, default);
        await session.SendAsync(new short[5 * SpeechFormat.FrameSamples]);
        await using var results = session.ReadResultsAsync().GetAsyncEnumerator();

        // The close is acknowledged when CloseAsync completes: the grace starts then.
        await session.CloseAsync();
        await transport.Results.Writer.WriteAsync(Result(1, endMs: 40));
        Assert.True(await results.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, results.Current.Result.Utterance);
        time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        var next = results.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted, "results ended before the grace passed");
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await next.WaitAsync(Timeout), "results should end once the grace passed with no new result");
    }

    [Fact]
    public async Task ReadResultsAsync_ErrorResult_IsPassedOnWithItsError()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, TimeProvider.System, default);

        await transport.Results.Writer.WriteAsync(Result(1, endMs: 40) with { Recognized = false, Text = "", Error = "speech engine not installed" });
        var result = await session.ReadResultsAsync().FirstAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal("speech engine not installed", result.Result.Error);
        Assert.Null(result.LatencyMs);
    }

    [Fact]
    public async Task DisposeAsync_EndsResultsAndUnsubscribes()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);
        var session = await SessionOpener.OpenAsync(transport, "s1", Grace, TimeProvider.System, default);
        var reading = session.ReadResultsAsync().ToListAsync().AsTask();

        await session.DisposeAsync();

        Assert.Empty(await reading.WaitAsync(Timeout));
        Assert.True(transport.Unsubscribed);
    }

    [Fact]
    public async Task StreamAsync_RealTime_SendsAFrameEvery20MsThenCloses()
    {
        var time = new TimerCountingTimeProvider();
        var transport = new FakeSpeechTransport(time);
        await using var session = await SessionOpener.OpenAsync(transport, "s1", Grace, time, default);
        var timers = time.Timers;

        var streaming = session.StreamAsync(new short[(4 * SpeechFormat.FrameSamples) + 10], SpeechPace.RealTime);
        for (var frame = 1; frame <= 4; frame++)
        {
            await time.WaitForTimersAsync(timers + frame);
            time.Fake.Advance(TimeSpan.FromMilliseconds(20));
        }

        await streaming.WaitAsync(Timeout);

        var frames = transport.Calls.Where(c => c.Audio?.Kind == SpeechAudioKind.Frame).ToList();
        Assert.Equal([0, 20, 40, 60, 80], frames.Select(f => f.At.TotalMilliseconds));
        Assert.Equal([640, 640, 640, 640, 20], frames.Select(f => f.Audio!.Pcm.Length));
        Assert.Equal(SpeechAudioKind.Close, transport.Calls[^2].Audio!.Kind);
    }

    [Fact]
    public async Task OpenAsync_EmptyId_Throws()
    {
        var transport = new FakeSpeechTransport(TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => SessionOpener.OpenAsync(transport, "", Grace, TimeProvider.System, default));
    }

    private static SpeechResult Result(int utterance, long endMs, UtteranceEnd end = UtteranceEnd.Silence) => new()
    {
        Session = "s1",
        Utterance = utterance,
        Recognized = true,
        Text = "turn on the lights",
        Confidence = 0.9,
        StartMs = 0,
        EndMs = endMs,
        End = end,
    };
}
