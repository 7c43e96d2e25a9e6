namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>
/// Band-limited resampling by a Blackman-windowed sinc, as a polyphase filter: the rates' ratio is reduced to L/M and
/// the L fractional positions' taps are computed once. The cut-off sits at <see cref="Passband"/> of the lower rate's
/// Nyquist frequency, so content above the output's Nyquist is removed before it can alias.
/// </summary>
internal sealed class SincResampler
{
    /// <summary>Fraction of the lower Nyquist frequency the filter passes; the transition band ends below Nyquist.</summary>
    public const double Passband = 0.9;

    /// <summary>Zero crossings of the sinc on each side of the centre: more gives a sharper transition.</summary>
    private const int ZeroCrossings = 24;

    private readonly int _up;
    private readonly int _down;
    private readonly int _half;
    private readonly float[] _taps;

    public SincResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        InputRate = inputRate;
        OutputRate = outputRate;

        // Cut-off relative to the input rate's Nyquist: below the output's Nyquist when downsampling.
        var cutoff = Passband * Math.Min(1.0, (double)outputRate / inputRate);
        _half = (int)Math.Ceiling(ZeroCrossings / cutoff);
        _taps = new float[_up * 2 * _half];
        for (var phase = 0; phase < _up; phase++)
        {
            FillPhase(phase, cutoff);
        }
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>The output length for <paramref name="inputLength"/> input samples (the same duration, rounded down).</summary>
    public int OutputLength(int inputLength) => (int)((long)inputLength * _up / _down);

    public float[] Resample(ReadOnlySpan<float> input)
    {
        if (_up == 1 && _down == 1)
        {
            return input.ToArray();
        }

        var output = new float[OutputLength(input.Length)];
        var width = 2 * _half;
        for (var n = 0; n < output.Length; n++)
        {
            var position = (long)n * _down;
            var centre = (int)(position / _up);
            var phase = (int)(position % _up);
            var taps = _taps.AsSpan(phase * width, width);
            var first = centre - _half + 1;
            double sum = 0;
            var from = Math.Max(0, -first);
            var to = Math.Min(width, input.Length - first);
            for (var j = from; j < to; j++)
            {
                sum += taps[j] * input[first + j];
            }

            output[n] = (float)sum;
        }

        return output;
    }

    private void FillPhase(int phase, double cutoff)
    {
        var width = 2 * _half;
        var taps = _taps.AsSpan(phase * width, width);
        var fraction = (double)phase / _up;
        double sum = 0;
        for (var j = 0; j < width; j++)
        {
            // Distance from the output position (centre + fraction) to input sample centre - half + 1 + j.
            var distance = fraction + _half - 1 - j;
            var value = cutoff * Sinc(cutoff * distance) * Blackman(distance / _half);
            taps[j] = (float)value;
            sum += value;
        }

        // Unity gain at DC for every phase, so a constant stays constant.
        for (var j = 0; j < width; j++)
        {
            taps[j] = (float)(taps[j] / sum);
        }
    }

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>Blackman window over [-1, 1]; zero outside.</summary>
    private static double Blackman(double x) =>
        Math.Abs(x) >= 1 ? 0 : 0.42 + (0.5 * Math.Cos(Math.PI * x)) + (0.08 * Math.Cos(2 * Math.PI * x));

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
