namespace RealtimeGrains.Hosting;

/// <summary>
/// Marks a grain method of a public interface that only silos call (a protocol between grains); a call from a
/// client is refused with <see cref="InvalidRequestException"/> before the grain runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class SiloOnlyAttribute : Attribute;
