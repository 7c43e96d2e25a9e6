using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Sessions;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Tests.Streaming.Processing;

namespace RealtimeGrains.Tests.Speech;

public sealed class SpeechSessionProcessorTests
{
    private const string Session = "s1";

    [Fact]
    public void SpeechThenSilence_IsCutAfterTheSilence_AndSubmittedWithItsLengthAsCost()
    {
        var h = Harness();
        Open(h);
        var next = Send(h, 0, quiet: 20, voiced: 50, quiet2: 14);
        Assert.Empty(h.Outbox.Submissions);

        Send(h, next, quiet: 1);

        var task = Assert.Single(h.Outbox.Submissions);
        Assert.Equal(SpeechStreams.Queue, task.Queue);
        Assert.Equal(SpeechStreams.Handler, task.Spec.Handler);
        // 200 ms of padding, 1 s of speech, 200 ms of padding: 1.4 s of 16 kHz 16-bit audio.
        Assert.Equal(70 * SpeechFormat.FrameBytes, task.Spec.Payload.Length);
        Assert.Equal(1400, task.Spec.EstimatedCostMs);
    }

    [Fact]
    public void TheOutcome_IsEmittedAsTheSessionsResult_WithItsPlaceInTheAudio()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 20, voiced: 50, quiet2: 15);
        var task = Assert.Single(h.Outbox.Submissions);
        h.Time.Advance(TimeSpan.FromMilliseconds(80));

        Finish(h, task, """{"recognized":true,"text":"open the door","confidence":0.9,"decodeMs":12.5,"hypothesis":"open the door"}""");
        h.Checkpoint();

        var (key, result) = Assert.Single(h.Emitted<SpeechResult>(SpeechStreams.Results));
        Assert.Equal(Session, key);
        Assert.Equal(new SpeechResult
        {
            Session = Session, Utterance = 1, Recognized = true, Text = "open the door", Confidence = 0.9, StartMs = 400, EndMs = 1400,
            End = UtteranceEnd.Silence, DecodeMs = 12.5, LatencyMs = 80,
        }, result);
    }

    [Fact]
    public void SilenceOnly_GivesNoUtterance_AndKeepsOnlyThePadding()
    {
        var h = Harness();
        Open(h);

        Send(h, 0, quiet: 500);

        Assert.Empty(h.Outbox.Submissions);
        Assert.True(Bytes(h.Checkpoint()) < 20 * SpeechFormat.FrameBytes * 2);
    }

    [Fact]
    public void AClickShorterThanMinSpeech_IsNotAnUtterance()
    {
        var h = Harness();
        Open(h);

        Send(h, 0, quiet: 20, voiced: 3, quiet2: 30);

        Assert.Empty(h.Outbox.Submissions);
    }

    [Fact]
    public void ASessionThatNeverStopsTalking_IsCutAtTheMaximumLength_AndGoesOn()
    {
        var h = Harness(maxUtteranceMs: 2000);
        Open(h);

        Send(h, 0, voiced: 250);

        var cuts = h.Outbox.Submissions.ToList();
        Assert.Equal(2, cuts.Count);
        Assert.All(cuts, c => Assert.Equal(2000 + 200, c.Spec.EstimatedCostMs)); // 2 s of speech and 200 ms of padding
        Assert.Equal([UtteranceEnd.MaxLength, UtteranceEnd.MaxLength], Pending(h).Select(p => p.End));
    }

    [Fact]
    public void WhenTheAudioStops_TheTimerCutsTheUtterance_AudioTimeoutMsAfterTheLastFrame()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 10, voiced: 30, quiet2: 5);
        Assert.Empty(h.Outbox.Submissions);

        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        h.Tick();
        Assert.Empty(h.Outbox.Submissions);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        h.Tick();

        var task = Assert.Single(h.Outbox.Submissions);
        Assert.Equal(UtteranceEnd.Timer, Assert.Single(Pending(h)).End);
        Assert.Equal((10 + 30 + 10) * SpeechFormat.FrameBytes, task.Spec.Payload.Length); // trailing padding: 5 frames heard, 5 of dither
    }

    [Fact]
    public void ATimerFiringLate_AfterAStall_GivesTheAudioOneMoreTimeout_AndTheUtteranceGoesOn()
    {
        var h = Harness();
        Open(h);
        var next = Send(h, 0, quiet: 10, voiced: 30);
        h.Checkpoint();
        h.Restart(); // the partition comes back 3 s later (a failover): its timer is long overdue
        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Tick();
        Assert.Empty(h.Outbox.Submissions);

        Send(h, next, voiced: 20, quiet2: 15); // the resent audio arrives: one utterance
        var task = Assert.Single(h.Outbox.Submissions);
        Assert.Equal((UtteranceEnd.Silence, 50), (Assert.Single(Pending(h)).End, (int)(Assert.Single(Pending(h)).EndMs - 200) / 20));
        Assert.Equal((10 + 50 + 10) * SpeechFormat.FrameBytes, task.Spec.Payload.Length);
    }

    [Fact]
    public void ATimerFiringLateTwice_CutsTheUtterance()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 10, voiced: 30);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Tick();
        Assert.Empty(h.Outbox.Submissions);

        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Tick();

        Assert.Equal(UtteranceEnd.Timer, Assert.Single(Pending(h)).End);
    }

    [Fact]
    public void Close_CutsTheOpenUtterance_AndTheSessionIsForgottenOnceItsResultIsOut()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 10, voiced: 30);

        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Close }).Applied);
        var task = Assert.Single(h.Outbox.Submissions);
        Assert.Equal(UtteranceEnd.Closed, Assert.Single(Pending(h)).End);
        Finish(h, task, """{"recognized":false,"text":"","confidence":0.1,"decodeMs":5,"hypothesis":"volume up"}""");
        h.Checkpoint();

        Assert.Null(h.Runtime.Query(Session));
        var (_, result) = Assert.Single(h.Emitted<SpeechResult>(SpeechStreams.Results));
        Assert.True(result.Last);
        Assert.Equal(1, result.Utterance);
    }

    [Fact]
    public void Close_WithNothingPending_SendsTheEndMarker_AndForgetsTheSession()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 30);

        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Close }).Applied);
        h.Checkpoint();

        Assert.Null(h.Runtime.Query(Session));
        var (_, marker) = Assert.Single(h.Emitted<SpeechResult>(SpeechStreams.Results));
        Assert.Equal(new SpeechResult { Session = Session, Last = true }, marker);
    }

    [Fact]
    public void AFailedTask_GivesAResultWithTheError()
    {
        var h = Harness();
        Open(h);
        Send(h, 0, quiet: 10, voiced: 30, quiet2: 15);
        var task = Assert.Single(h.Outbox.Submissions);

        h.Runtime.TaskFinished(task.Key, new TaskOutcome { SubmissionId = task.Id, TaskId = "asr:1", Status = TaskState.Failed, Error = "speech engine unavailable" }, h.Time.GetUtcNow());
        h.Checkpoint();

        var (_, result) = Assert.Single(h.Emitted<SpeechResult>(SpeechStreams.Results));
        Assert.False(result.Recognized);
        Assert.Equal("speech engine unavailable", result.Error);
    }

    [Fact]
    public void TheOpenUtterance_SurvivesARestart_AndEachFrameCostsAboutItsOwnBytes()
    {
        var h = Harness();
        Open(h);
        var next = Send(h, 0, quiet: 10, voiced: 100);
        h.Checkpoint();
        next = Send(h, next, voiced: 1);
        var perFrame = Bytes(h.Checkpoint());
        h.Restart();

        Send(h, next, quiet: 15);

        var task = Assert.Single(h.Outbox.Submissions);
        Assert.Equal((10 + 101 + 10) * SpeechFormat.FrameBytes, task.Spec.Payload.Length);
        Assert.True(perFrame < 2 * SpeechFormat.FrameBytes, $"one frame's checkpoint wrote {perFrame} bytes");
    }

    [Fact]
    public void BadEvents_AreRefusedWithAReason_AndTheSessionGoesOn()
    {
        var h = Harness();
        Assert.Equal(1, h.PublishTyped("never-opened", new SpeechAudio { Kind = SpeechAudioKind.Frame, Frame = 0, Pcm = SessionAudio.Quiet(0) }).Rejected);
        Assert.Null(h.Runtime.Query("never-opened"));
        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Open, SampleRate = 44_100 }).Rejected);

        Open(h);
        var next = Send(h, 0, quiet: 10, voiced: 20);
        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Frame, Frame = next, Pcm = new byte[4096] }).Rejected);
        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Frame, Frame = next - 5, Pcm = SessionAudio.Voiced(0) }).Rejected);
        Assert.Equal(1, h.PublishTyped(Session, "not audio").Rejected);

        // The refused frame counts as silence; the utterance is cut as usual.
        Send(h, next + 1, voiced: 5, quiet2: 15);
        Assert.Single(h.Outbox.Submissions);
    }

    private static long Send(ProcessorHarness h, long frame, int quiet = 0, int voiced = 0, int quiet2 = 0)
    {
        foreach (var (count, loud) in new[] { (quiet, false), (voiced, true), (quiet2, false) })
        {
            for (var i = 0; i < count; i++, frame++)
            {
                var pcm = loud ? SessionAudio.Voiced(frame) : SessionAudio.Quiet(frame);
                var result = h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Frame, Frame = frame, Pcm = pcm });
                Assert.Equal(1, result.Applied);
            }
        }

        return frame;
    }

    private static void Open(ProcessorHarness h) =>
        Assert.Equal(1, h.PublishTyped(Session, new SpeechAudio { Kind = SpeechAudioKind.Open }).Applied);

    private static void Finish(ProcessorHarness h, TaskSubmission task, string json) =>
        h.Runtime.TaskFinished(task.Key, new TaskOutcome { SubmissionId = task.Id, TaskId = "asr:1", Status = TaskState.Completed, Result = Encoding.UTF8.GetBytes(json) }, h.Time.GetUtcNow());

    private static List<PendingUtterance> Pending(ProcessorHarness h) =>
        [.. h.State<SessionState>(Session)!.Pending.Values.OrderBy(p => p.Number)];

    private static long Bytes(RealtimeGrains.Streaming.State.StateCommit commit) =>
        commit.Buckets.Sum(b => b.Entries.Length + (b.Segment?.Length ?? 0));

    private static ProcessorHarness Harness(int maxUtteranceMs = 10_000) => new("speech", o =>
    {
        var audio = new StreamDeclaration { Processor = SpeechSessionProcessor.Name, Buckets = 64, Partitions = 1, Output = SpeechStreams.Results, MaxPayloadBytes = 4096 };
        audio.Settings["MaxUtteranceMs"] = maxUtteranceMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        o.Streams["speech"] = audio;
        o.Streams[SpeechStreams.Results] = new StreamDeclaration { Processor = "none", Buckets = 64, Partitions = 2 };
    }, s => s.AddKeyedSingleton<object, SpeechSessionProcessor>(ProcessorRegistration.ServiceKey(SpeechSessionProcessor.Name)));
}
