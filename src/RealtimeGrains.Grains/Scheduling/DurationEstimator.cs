using System.Runtime.InteropServices;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Learns the expected run time of each handler by exponential averaging:
/// τₙ₊₁ = α·tₙ + (1−α)·τₙ, where tₙ is the latest measured run time and τ₀ is the prior.
/// Not thread-safe.
/// </summary>
public sealed class DurationEstimator
{
    private readonly Dictionary<string, double> _estimates;

    /// <summary>Creates an estimator.</summary>
    /// <param name="alpha">Weight of the latest measurement, in (0, 1]; 1 uses only the last run.</param>
    /// <param name="priorMs">Estimate for a handler that has not been measured yet, in milliseconds (&gt;= 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> or <paramref name="priorMs"/> is out of range.</exception>
    public DurationEstimator(double alpha = 0.5, double priorMs = 100)
        : this(alpha, priorMs, new Dictionary<string, double>(StringComparer.Ordinal))
    {
    }

    /// <summary>An estimator that learns into <paramref name="estimates"/> (a queue's stored state), starting from what it holds.</summary>
    internal DurationEstimator(double alpha, double priorMs, Dictionary<string, double> estimates)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(alpha), alpha, "alpha must be in (0, 1]: the weight of the latest measurement (1 = use only the last run).");
        }

        CheckMs(priorMs, nameof(priorMs));
        foreach (var (handler, estimate) in estimates)
        {
            CheckMs(estimate, $"{nameof(estimates)}[{handler}]");
        }

        Alpha = alpha;
        PriorMs = priorMs;
        _estimates = estimates;
    }

    /// <summary>Weight of the latest measurement, in (0, 1].</summary>
    public double Alpha { get; }

    /// <summary>Estimate for a handler that has not been measured, in milliseconds.</summary>
    public double PriorMs { get; }

    /// <summary>The current expected run time of <paramref name="handler"/> in milliseconds; the prior when unseen.</summary>
    public double EstimateMs(string handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _estimates.TryGetValue(handler, out var estimate) ? estimate : PriorMs;
    }

    /// <summary>
    /// Folds a measured run time into the handler's estimate. The first measurement of a handler
    /// averages with the prior: τ₁ = α·t + (1−α)·prior.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runMs"/> is negative, NaN or infinite.</exception>
    public void Record(string handler, double runMs)
    {
        ArgumentNullException.ThrowIfNull(handler);
        CheckMs(runMs, nameof(runMs));
        ref var estimate = ref CollectionsMarshal.GetValueRefOrAddDefault(_estimates, handler, out var exists);
        var previous = exists ? estimate : PriorMs;
        estimate = (Alpha * runMs) + ((1 - Alpha) * previous);
    }

    /// <summary>A copy of the learned estimates (handler → milliseconds), for persistence.</summary>
    public IReadOnlyDictionary<string, double> Snapshot() => new Dictionary<string, double>(_estimates, StringComparer.Ordinal);

    /// <summary>
    /// Replaces all learned estimates with <paramref name="estimates"/> (from <see cref="Snapshot"/>).
    /// Handlers not in it fall back to the prior. Nothing changes when a value is invalid.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An estimate is negative, NaN or infinite.</exception>
    public void Restore(IReadOnlyDictionary<string, double> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        foreach (var (handler, estimate) in estimates)
        {
            CheckMs(estimate, $"{nameof(estimates)}[{handler}]");
        }

        _estimates.Clear();
        foreach (var (handler, estimate) in estimates)
        {
            _estimates[handler] = estimate;
        }
    }

    private static void CheckMs(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of milliseconds >= 0.");
        }
    }
}
