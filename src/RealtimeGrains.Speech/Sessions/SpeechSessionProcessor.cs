using System.Globalization;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Speech.Telemetry;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Speech.Sessions;

/// <summary>
/// <c>speech-vad</c>: the per-session processor of the audio stream. It checks each session's events (opened,
/// frames in order and within the size limit), keeps the open utterance's frames in the key's log, detects voice
/// (<see cref="FrameEnergy"/>), cuts an utterance after <c>SilenceMs</c> of silence in the audio, when the audio
/// stops (a processing-time timer: no frame for <c>AudioTimeoutMs</c>), at <c>MaxUtteranceMs</c> or when the session closes, and submits it to the
/// recognition queue (cost: its length, for SJF). Each outcome becomes a <see cref="SpeechResult"/> emitted to the
/// stream's output (the results stream), keyed by session.
/// </summary>
public sealed class SpeechSessionProcessor : KeyedProcessor<SpeechAudio, SessionState, SpeechResult>
{
    /// <summary>The processor's name in stream declarations.</summary>
    public const string Name = "speech-vad";

    private const string EndpointTimer = "endpoint";

    /// <inheritdoc/>
    public override SessionState CreateState() => new();

    /// <inheritdoc/>
    public override void Process(SpeechAudio value, ref KeyContext<SessionState, SpeechResult> context)
    {
        if (VadSettings.For(context.Stream, out var error) is not { } settings)
        {
            context.Reject(error!);
            return;
        }

        switch (value.Kind)
        {
            case SpeechAudioKind.Open:
                Open(value, ref context);
                break;
            case SpeechAudioKind.Frame:
                Frame(value, settings, ref context);
                break;
            case SpeechAudioKind.Close:
                Close(settings, ref context);
                break;
            default:
                context.Reject($"session '{context.Key}': unknown event kind {(int)value.Kind}");
                break;
        }
    }

    /// <inheritdoc/>
    public override void OnTimer(ProcessorTimer timer, ref KeyContext<SessionState, SpeechResult> context)
    {
        if (timer.Name != EndpointTimer || !context.State.InSpeech || VadSettings.For(context.Stream, out _) is not { } settings)
        {
            return;
        }

        if (context.Now - timer.Due > TimeSpan.FromMilliseconds(settings.AudioTimeoutMs) && !context.State.TimerExtended)
        {
            // Fired this late, the partition itself was stalled (a failover, a long pause): the audio may be on its way
            // again, so it gets one more timeout before the utterance is cut.
            context.State = context.State.Copy();
            context.State.TimerExtended = true;
            context.SetTimer(EndpointTimer, context.Now.AddMilliseconds(settings.AudioTimeoutMs));
            return;
        }

        context.State = context.State.Copy();
        Cut(UtteranceEnd.Timer, context.State.NextFrame - 1, settings, ref context);
    }

    /// <inheritdoc/>
    public override void OnTaskFinished(TaskOutcome outcome, ref KeyContext<SessionState, SpeechResult> context)
    {
        if (!context.State.Pending.TryGetValue(outcome.SubmissionId, out var utterance))
        {
            return;
        }

        var state = context.State = context.State.Copy();
        state.OwnPending().Remove(outcome.SubmissionId);

        var result = new SpeechResult
        {
            Session = context.Key,
            Utterance = utterance.Number,
            StartMs = utterance.StartMs,
            EndMs = utterance.EndMs,
            End = utterance.End,
            LatencyMs = Math.Max(0, context.Now.ToUnixTimeMilliseconds() - utterance.LastVoicedArrivalMs),
        };
        var last = !state.Open && state.Pending.Count == 0;
        var recognition = outcome.Status == TaskState.Completed && RecognitionWire.TryRead(outcome.Result, out var read) ? read : null;
        SpeechMetrics.Result(result.LatencyMs, recognition?.Recognized);
        context.Emit(recognition is not null
            ? result with { Recognized = recognition.Recognized, Text = recognition.Text, Confidence = recognition.Confidence, DecodeMs = recognition.DecodeMs, Last = last }
            : result with { Error = outcome.Error ?? $"the recognition task ended {outcome.Status} without a readable result", Last = last });
        if (last)
        {
            context.Clear();
        }
    }

    private static void Open(SpeechAudio value, ref KeyContext<SessionState, SpeechResult> context)
    {
        if (value.SampleRate != SpeechFormat.SampleRate)
        {
            context.Reject($"session '{context.Key}' opened at {value.SampleRate} Hz; the service takes {SpeechFormat.SampleRate} Hz mono 16-bit (the client library converts)");
            return;
        }

        var state = context.State;
        context.Log.Clear();
        context.CancelTimer(EndpointTimer);
        var pending = state.Pending;
        var utterances = state.Utterances;
        context.State = new SessionState { Open = true, Pending = pending, Utterances = utterances };
    }

    private static void Close(VadSettings settings, ref KeyContext<SessionState, SpeechResult> context)
    {
        var state = context.State = context.State.Copy();
        if (!state.Open)
        {
            context.Reject($"session '{context.Key}' closed but it is not open");
            return;
        }

        if (state.InSpeech)
        {
            Cut(UtteranceEnd.Closed, state.NextFrame - 1, settings, ref context);
        }

        state.Open = false;
        context.Log.Clear();
        if (state.Pending.Count == 0)
        {
            // Nothing left to recognize: the client learns at once that the session's results are complete.
            context.Emit(new SpeechResult { Session = context.Key, Last = true });
            context.Clear();
        }
    }

    private static void Frame(SpeechAudio value, VadSettings settings, ref KeyContext<SessionState, SpeechResult> context)
    {
        if (Problem(value, context.State, context.Key) is { } problem)
        {
            context.Reject(problem);
            return;
        }

        var state = context.State = context.State.Copy();
        if (value.Frame > state.NextFrame)
        {
            // Frames that never came (refused ones) count as silence: the session goes on.
            Skip(value.Frame - state.NextFrame, settings, ref context);
        }

        var level = FrameEnergy.LevelDb(value.Pcm);
        var voiced = FrameEnergy.IsVoiced(level, state.NoiseDb, settings.ThresholdDb);
        state.NoiseDb = FrameEnergy.Follow(state.NoiseDb, level, voiced);
        state.NextFrame = value.Frame + 1;
        context.Log.Append(value.Pcm);
        if (voiced)
        {
            if (!state.InSpeech)
            {
                state.InSpeech = true;
                state.SpeechStartFrame = value.Frame;
                state.VoicedFrames = 0;
            }

            state.VoicedFrames++;
            state.LastVoicedFrame = value.Frame;
            state.LastVoicedArrivalMs = context.Now.ToUnixTimeMilliseconds();
        }

        if (state.InSpeech)
        {
            // Any frame shows the audio is still coming: the timer cuts only when it stops.
            state.TimerExtended = false;
            context.SetTimer(EndpointTimer, context.Now.AddMilliseconds(settings.AudioTimeoutMs));
        }

        if (state.InSpeech && value.Frame - state.LastVoicedFrame >= settings.SilenceFrames)
        {
            Cut(UtteranceEnd.Silence, value.Frame, settings, ref context);
        }
        else if (state.InSpeech && value.Frame - state.LogFirstFrame + 1 >= settings.MaxFrames)
        {
            Cut(UtteranceEnd.MaxLength, value.Frame, settings, ref context);
        }
        else if (!state.InSpeech)
        {
            KeepPadding(settings, ref context);
        }
    }

    private static string? Problem(SpeechAudio value, SessionState state, string session)
    {
        if (!state.Open)
        {
            return $"frame {value.Frame} of session '{session}', which is not open (send Open first)";
        }

        if (value.Pcm.Length > SpeechFormat.FrameBytes || value.Pcm.Length % 2 != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"frame {value.Frame} of session '{session}' has {value.Pcm.Length} bytes; a frame is at most {SpeechFormat.FrameBytes} bytes ({SpeechFormat.FrameMs} ms of 16 kHz mono 16-bit), an even count");
        }

        if (value.Frame < state.NextFrame)
        {
            return $"frame {value.Frame} of session '{session}' arrived after frame {state.NextFrame - 1}; send a session's frames in order";
        }

        return value.Frame - state.NextFrame > 1_000_000 ? $"frame {value.Frame} of session '{session}' skips more than 1,000,000 frames" : null;
    }

    /// <summary>Frames missing before the one that arrived: silence to the detector, and no audio kept.</summary>
    private static void Skip(long frames, VadSettings settings, ref KeyContext<SessionState, SpeechResult> context)
    {
        var state = context.State;
        var last = state.NextFrame + frames - 1;
        if (state.InSpeech && last - state.LastVoicedFrame >= settings.SilenceFrames)
        {
            Cut(UtteranceEnd.Silence, state.NextFrame - 1, settings, ref context);
        }

        if (!state.InSpeech)
        {
            context.Log.Clear();
            state.LogFirstFrame = last + 1;
        }
    }

    /// <summary>Outside speech, keeps only the last <c>PaddingMs</c> of audio (to lead the next utterance).</summary>
    private static void KeepPadding(VadSettings settings, ref KeyContext<SessionState, SpeechResult> context)
    {
        var excess = context.Log.Count - settings.PaddingFrames;
        if (excess > 0)
        {
            context.Log.RemoveFirst(excess);
            context.State.LogFirstFrame += excess;
        }
    }

    /// <summary>
    /// Ends the open utterance at <paramref name="lastFrame"/>: enough voiced audio is submitted for recognition
    /// (the log from its padding to <c>PaddingMs</c> past the last voiced frame); less is dropped as noise.
    /// </summary>
    private static void Cut(UtteranceEnd end, long lastFrame, VadSettings settings, ref KeyContext<SessionState, SpeechResult> context)
    {
        var state = context.State;
        if (state.VoicedFrames >= settings.MinSpeechFrames)
        {
            var through = Math.Min(lastFrame, state.LastVoicedFrame + settings.PaddingFrames);
            var frames = (int)Math.Min(context.Log.Count, through - state.LogFirstFrame + 1);
            // Speech cut right at its end (a close, the audio stopping) gets its padding as quiet audio: the decoder
            // needs some silence after the last word to end it.
            var quiet = (int)Math.Max(0, settings.PaddingFrames - (through - state.LastVoicedFrame));
            var audio = Audio(ref context, frames, quiet);
            var lengthMs = (double)audio.Length / 2 / (SpeechFormat.SampleRate / 1000);
            var id = context.SubmitTask(settings.Queue, new TaskSpec
            {
                Handler = SpeechStreams.Handler,
                Payload = audio,
                EstimatedCostMs = lengthMs,
                MaxAttempts = 3,
                // A decode takes a fraction of the audio's length; an attempt lost with its silo is retried after this.
                TimeoutMs = 5_000 + (int)(2 * lengthMs),
            });
            state.Utterances++;
            state.OwnPending()[id] = new PendingUtterance(
                state.Utterances,
                state.SpeechStartFrame * SpeechFormat.FrameMs,
                (state.LastVoicedFrame + 1) * SpeechFormat.FrameMs,
                end,
                state.LastVoicedArrivalMs);
        }

        state.InSpeech = false;
        state.VoicedFrames = 0;
        context.CancelTimer(EndpointTimer);
        var dropped = context.Log.Count;
        context.Log.Clear();
        state.LogFirstFrame += dropped;
    }

    private static byte[] Audio(ref KeyContext<SessionState, SpeechResult> context, int frames, int quietFrames)
    {
        var bytes = quietFrames * SpeechFormat.FrameBytes;
        for (var i = 0; i < frames; i++)
        {
            bytes += context.Log[i].Length;
        }

        var audio = new byte[bytes];
        var at = 0;
        for (var i = 0; i < frames; i++)
        {
            var record = context.Log[i];
            record.CopyTo(audio.AsSpan(at));
            at += record.Length;
        }

        // A faint, fixed dither (never digital zero, which the decoder's features handle badly); deterministic, as a replay must be.
        for (var i = 0; at < audio.Length; i++, at += 2)
        {
            audio[at] = (byte)(((i * 7919) % 5) - 2);
            audio[at + 1] = (byte)(audio[at] >= 0x80 ? 0xFF : 0);
        }

        return audio;
    }
}
