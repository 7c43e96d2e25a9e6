using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming;

/// <summary>
/// The dedup windows of a partition's producers, kept bounded: producers idle past the retention are forgotten
/// (checked when a new producer arrives, at most once per <see cref="IdleCheckPeriod"/>), and beyond
/// <c>maxProducers</c> the idlest is forgotten. A new or forgotten producer's window starts at what its batch
/// says was acknowledged: those sequences were applied and checkpointed here. Each window is one field of the
/// partition's stored record (<c>p:{id}</c>); a checkpoint writes the windows that changed and removes the
/// forgotten ones.
/// </summary>
internal sealed class ProducerWindows(int maxProducers, TimeSpan retention)
{
    /// <summary>Least time between two scans for idle producers.</summary>
    public static readonly TimeSpan IdleCheckPeriod = TimeSpan.FromMinutes(1);

    private const string FieldPrefix = "p:";
    private readonly Dictionary<Guid, ProducerWindow> _windows = [];
    private readonly HashSet<Guid> _changed = [];
    private DateTimeOffset _lastIdleCheck = DateTimeOffset.MinValue;

    /// <summary>Producers remembered.</summary>
    public int Count => _windows.Count;

    public bool Contains(Guid producerId) => _windows.ContainsKey(producerId);

    /// <summary>The window of <paramref name="producerId"/>, created when unknown; marks it seen at <paramref name="now"/> (and changed).</summary>
    public ProducerWindow For(Guid producerId, long acknowledgedUpTo, DateTimeOffset now)
    {
        if (!_windows.TryGetValue(producerId, out var window))
        {
            ForgetIdle(now);
            if (_windows.Count >= maxProducers)
            {
                Forget(_windows.MinBy(p => p.Value.LastSeen).Key);
            }

            window = new ProducerWindow { Contiguous = Math.Max(0, acknowledgedUpTo) };
            _windows[producerId] = window;
        }

        window.LastSeen = now;
        _changed.Add(producerId);
        return window;
    }

    /// <summary>
    /// Adds the fields of windows changed or forgotten since the last call to <paramref name="fields"/>; returns
    /// their ids, which go back to <see cref="Failed"/> if the checkpoint carrying them fails.
    /// </summary>
    public List<Guid> WriteChanges(Dictionary<string, byte[]?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var written = _changed.ToList();
        _changed.Clear();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var id in written)
        {
            if (!_windows.TryGetValue(id, out var window))
            {
                fields[Field(id)] = null;
                continue;
            }

            buffer.ResetWrittenCount();
            Varint.Write(buffer, (ulong)window.Contiguous);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), window.LastSeen.UtcTicks);
            buffer.Advance(8);
            Varint.Write(buffer, (uint)window.Above.Count);
            foreach (var sequence in window.Above)
            {
                Varint.Write(buffer, (ulong)sequence);
            }

            fields[Field(id)] = StateCodec.Sealed(buffer.WrittenSpan);
        }

        return written;
    }

    /// <summary>The checkpoint carrying <paramref name="written"/> failed: they are written again by the next one.</summary>
    public void Failed(List<Guid> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        _changed.UnionWith(written);
    }

    /// <summary>Loads the windows among a partition's stored fields; throws <see cref="FormatException"/> on a corrupt one.</summary>
    public void Load(IReadOnlyDictionary<string, byte[]> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, value) in fields)
        {
            if (!name.StartsWith(FieldPrefix, StringComparison.Ordinal) || !Guid.TryParseExact(name.AsSpan(FieldPrefix.Length), "N", out var id))
            {
                continue;
            }

            var data = StateCodec.Unseal(value);
            var window = new ProducerWindow { Contiguous = (long)Varint.Read(ref data) };
            window.LastSeen = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(data), TimeSpan.Zero);
            data = data[8..];
            var above = (int)Varint.Read(ref data);
            for (var i = 0; i < above; i++)
            {
                window.Above.Add((long)Varint.Read(ref data));
            }

            _windows[id] = window;
        }
    }

    private static string Field(Guid id) => FieldPrefix + id.ToString("N", CultureInfo.InvariantCulture);

    private void Forget(Guid id)
    {
        _windows.Remove(id);
        _changed.Add(id);
    }

    private void ForgetIdle(DateTimeOffset now)
    {
        if (now - _lastIdleCheck < IdleCheckPeriod)
        {
            return;
        }

        _lastIdleCheck = now;
        var cutoff = now - retention;
        foreach (var (id, window) in _windows)
        {
            if (window.LastSeen < cutoff)
            {
                Forget(id);
            }
        }
    }
}
