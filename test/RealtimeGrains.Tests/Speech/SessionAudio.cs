using RealtimeGrains.Speech;

namespace RealtimeGrains.Tests.Speech;

/// <summary>Synthetic session audio for the detector: voiced frames (a 300 Hz tone with harmonics) and quiet ones (faint noise).</summary>
internal static class SessionAudio
{
    public static byte[] Voiced(long frame) => Frame(frame, amplitude: 6000);

    public static byte[] Quiet(long frame) => Frame(frame, amplitude: 0, noise: 20);

    private static byte[] Frame(long frame, double amplitude, int noise = 0)
    {
        var pcm = new byte[SpeechFormat.FrameBytes];
        var random = new Random((int)frame);
        for (var i = 0; i < SpeechFormat.FrameSamples; i++)
        {
            var t = ((frame * SpeechFormat.FrameSamples) + i) / (double)SpeechFormat.SampleRate;
            var value = (amplitude * (Math.Sin(2 * Math.PI * 300 * t) + (0.5 * Math.Sin(2 * Math.PI * 900 * t)))) + random.Next(-noise, noise + 1);
            var sample = (short)Math.Clamp(value, short.MinValue, short.MaxValue);
            pcm[2 * i] = (byte)sample;
            pcm[(2 * i) + 1] = (byte)(sample >> 8);
        }

        return pcm;
    }
}
