using System.Buffers;
using System.IO.Hashing;
using System.Text;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Emits, task submissions, retained outputs and queries.</summary>
internal sealed partial class ProcessorRuntime<TState, TOutput>
{
    private List<(byte[] Key, long Sequence)> _retained = [];
    private List<(byte[] Key, long Sequence)> _inCheckpoint = [];
    private readonly ArrayBufferWriter<byte> _item = new(256);

    internal void EmitToOutput(string? key, TOutput output)
    {
        if (_stream.Output is not { } target)
        {
            throw new InvalidOperationException($"stream '{_stream.Definition.Name}' declares no Output stream to emit to");
        }

        Emit(target, key, output);
    }

    internal void EmitTo<T>(string stream, string key, T value)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!_catalog.TryGet(stream, out var target))
        {
            throw new ArgumentException($"emit to stream '{stream}', which is not declared; declared: {string.Join(", ", _catalog.Definitions.Select(d => d.Name))}", nameof(stream));
        }

        Emit(target, key, value);
    }

    private void Emit<T>(DeclaredStream target, string? key, T value)
    {
        var keyBytes = key is null ? _key.ToArray() : Encoding.UTF8.GetBytes(key);
        if (keyBytes.Length == 0 || keyBytes.Length > target.Definition.MaxKeyBytes)
        {
            throw new ArgumentException($"emit to stream '{target.Definition.Name}': a key of {keyBytes.Length} bytes (1-{target.Definition.MaxKeyBytes} allowed)", nameof(key));
        }

        var typed = value is not byte[];
        var payload = value as byte[] ?? _serializer.SerializeToArray<object?>(value);
        if (payload.Length > target.Definition.MaxPayloadBytes)
        {
            throw new ArgumentException($"emit to stream '{target.Definition.Name}': a payload of {payload.Length} bytes (at most {target.Definition.MaxPayloadBytes})", nameof(value));
        }

        _effects.Emits.Add(new Emit(target, keyBytes, payload, new EventMeta(_eventTimeMs, typed)));
    }

    internal string SubmitTask(string queue, TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!TaskIds.IsValidQueueName(queue))
        {
            throw new ArgumentException($"'{queue}' is not a queue name (1-{TaskIds.MaxQueueNameLength} letters, digits, '-', '_', '.')", nameof(queue));
        }

        var sequence = (_currentExtras?.EffectSequence ?? 0) + _effects.Tasks.Count + 1;
        var id = SubmissionId(_key.Span, sequence);
        _effects.Tasks.Add((queue, spec with { RequestId = id }));
        return id;
    }

    /// <summary><c>{stream}/{hash of key}/{sequence}</c>: the same for the same key and effect sequence, so a replay submits nothing twice.</summary>
    private string SubmissionId(ReadOnlySpan<byte> key, long sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_stream.Definition.Name}/{XxHash64.HashToUInt64(key):x16}/{sequence}");

    /// <summary>Appends an applied event to the key's retained outputs, dropping the oldest beyond <c>Retain</c>.</summary>
    private void Retain(int bucket, ref KeyEntry<TState> entry, long eventTimeMs, bool typed, ReadOnlySpan<byte> payload)
    {
        var extras = entry.Extras ??= new KeyExtras();
        var stored = _table.StoredKey(bucket, _key.Span);
        var sequence = ++extras.OutputLast;
        if (extras.OutputFirst == 0)
        {
            extras.OutputFirst = sequence;
        }

        _item.ResetWrittenCount();
        Varint.Write(_item, (ulong)eventTimeMs);
        _item.GetSpan(1)[0] = typed ? (byte)1 : (byte)0;
        _item.Advance(1);
        _item.Write(payload);
        _table.AddItem(bucket, StateCodec.ItemKey(stored, sequence), _item.WrittenSpan.ToArray());
        while (extras.OutputLast - extras.OutputFirst + 1 > _stream.Definition.Retain)
        {
            _table.RemoveItem(bucket, StateCodec.ItemKey(stored, extras.OutputFirst));
            extras.OutputFirst++;
        }

        _retained.Add((stored, sequence));
        StreamMetrics.OutputsRetained.Add(1, _stream.Tag);
    }

    /// <summary>Outputs retained since the last call to <see cref="TakeChanges"/>: they are covered by its checkpoint.</summary>
    public List<StreamOutput> CommittedOutputs(bool render)
    {
        var outputs = new List<StreamOutput>(render ? _inCheckpoint.Count : 0);
        if (render)
        {
            foreach (var (key, sequence) in _inCheckpoint)
            {
                if (ReadOutput(_stream.Partitioner.Bucket(key), key, sequence) is { } output)
                {
                    outputs.Add(output);
                }
            }
        }

        _inCheckpoint.Clear();
        return outputs;
    }

    /// <summary>Outputs not yet covered by a written checkpoint (not to be shown to subscribers yet).</summary>
    public HashSet<(string Key, long Sequence)> UncommittedOutputs() =>
        [.. _retained.Concat(_inCheckpoint).Select(r => (Encoding.UTF8.GetString(r.Key), r.Sequence))];

    public OutputPage ReadOutputs(string key, long after, int max)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var bucket = _stream.Partitioner.Bucket(bytes);
        if (!_table.TryGet(bucket, bytes, out var entry) || entry.Extras is not { OutputLast: > 0 } extras)
        {
            return new OutputPage { Outputs = [] };
        }

        var outputs = new List<StreamOutput>();
        for (var sequence = Math.Max(after + 1, extras.OutputFirst); sequence <= extras.OutputLast && outputs.Count < max; sequence++)
        {
            if (ReadOutput(bucket, bytes, sequence) is { } output)
            {
                outputs.Add(output);
            }
        }

        return new OutputPage { Outputs = outputs, FirstRetained = extras.OutputFirst, Last = extras.OutputLast };
    }

    /// <summary>Keys of this partition with retained outputs, with their last sequence.</summary>
    public IEnumerable<(string Key, long Last)> RetainedKeys()
    {
        foreach (var (_, key, extras) in _table.KeysWithExtras())
        {
            if (extras.OutputLast > 0)
            {
                yield return (Encoding.UTF8.GetString(key), extras.OutputLast);
            }
        }
    }

    private StreamOutput? ReadOutput(int bucket, byte[] key, long sequence)
    {
        if (_table.GetItem(bucket, StateCodec.ItemKey(key, sequence)) is not { } item)
        {
            return null;
        }

        ReadOnlySpan<byte> rest = item;
        var time = (long)Varint.Read(ref rest);
        var typed = rest[0] == 1;
        var payload = rest[1..].ToArray();
        return new StreamOutput
        {
            Stream = _stream.Definition.Name,
            Key = Encoding.UTF8.GetString(key),
            Sequence = sequence,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(time),
            Payload = payload,
            Typed = typed,
            Json = JsonRendering.Payload(_serializer, payload, typed),
        };
    }

    /// <summary>The state in Orleans' serialization, or empty for a state type Orleans cannot serialize (its JSON still shows it).</summary>
    private byte[] OrleansBytes(TState state)
    {
        try
        {
            return _serializer.SerializeToArray(state);
        }
        catch (Orleans.Serialization.CodecNotFoundException)
        {
            return [];
        }
    }

    public KeyStateView? Query(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var bucket = _stream.Partitioner.Bucket(bytes);
        if (!_table.TryGet(bucket, bytes, out var entry))
        {
            return null;
        }

        return new KeyStateView
        {
            Stream = _stream.Definition.Name,
            Key = key,
            Partition = Scope.Partition,
            Processor = _stream.Definition.Processor,
            State = OrleansBytes(entry.State),
            Json = JsonRendering.Value(entry.State),
            Timers = entry.Extras?.TimerCount ?? 0,
            PendingTasks = entry.Extras?.PendingTasks ?? 0,
            LastOutput = entry.Extras?.OutputLast ?? 0,
        };
    }
}
