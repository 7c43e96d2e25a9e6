using System.Buffers;
using Microsoft.Extensions.Options;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Streaming.Processors;

/// <summary>
/// <c>window</c>: windowed aggregates per key over numeric payloads, declared in configuration (the stream's
/// <c>Window</c>): tumbling or sliding, count, sum, min, max, mean and p50/p90/p99 from a mergeable sketch. An
/// event counts in its windows by its event time (else the time it arrived); a window closes when the partition's
/// watermark passes its end plus the window's allowed lateness, and its <see cref="WindowResult"/> goes to the
/// output stream. An event whose windows have all closed is late: counted, and sent to <c>LateOutput</c> if declared.
/// </summary>
internal sealed class WindowProcessor(IOptions<StreamingOptions> options) : KeyedProcessor<WindowBook?, WindowResult>
{
    private const string Timer = "windows";

    private readonly Dictionary<string, WindowSpec> _specs = options.Value.Streams
        .Where(s => s.Value.Window is not null)
        .ToDictionary(s => s.Key, s => s.Value.Window!.ToSpec(), StringComparer.Ordinal);

    public override IStateCodec<WindowBook?> StateCodec => BookCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<WindowBook?, WindowResult> context)
    {
        if (!SumProcessor.TryParse(payload, out var value))
        {
            context.Reject("a window takes finite numbers in UTF-8 text (or typed numbers)");
            return;
        }

        Add(value, ref context);
    }

    internal override void Dispatch(ReadOnlySpan<byte> payload, EventMeta meta, ref KeyContext<WindowBook?, WindowResult> context)
    {
        if (!meta.Typed)
        {
            Process(payload, ref context);
        }
        else if (!context.Runtime.TryDecode<object>(payload, out var decoded, out var error))
        {
            context.Reject(error);
        }
        else if (SumProcessor.AsNumber(decoded) is { } number)
        {
            Add(number, ref context);
        }
        else
        {
            context.Reject($"a window takes numbers, not {decoded.GetType().Name}");
        }
    }

    public override void OnTimer(ProcessorTimer timer, ref KeyContext<WindowBook?, WindowResult> context)
    {
        if (context.State is { } book)
        {
            CloseAndRearm(book, ref context);
        }
    }

    private void Add(double value, ref KeyContext<WindowBook?, WindowResult> context)
    {
        if (!_specs.TryGetValue(context.Stream.Name, out var spec))
        {
            context.Reject($"stream '{context.Stream.Name}' uses the window processor without a Window declaration");
            return;
        }

        var book = context.State;
        if (book is null || !Same(book.Spec, spec))
        {
            // First event of the key, or the declaration changed since its windows were opened: start afresh.
            book = new WindowBook(spec);
        }

        var eventTime = context.EventTime.ToUnixTimeMilliseconds();
        var late = book.Add(eventTime, value, context.Watermark.ToUnixTimeMilliseconds());
        context.State = book;
        if (late)
        {
            context.CountLate();
            if (spec.LateOutput is { } lateOutput)
            {
                context.EmitTo(lateOutput, context.Key, value);
            }
        }

        CloseAndRearm(book, ref context);
    }

    private static void CloseAndRearm(WindowBook book, ref KeyContext<WindowBook?, WindowResult> context)
    {
        foreach (var result in book.Close(context.Key, context.Watermark.ToUnixTimeMilliseconds()))
        {
            context.Emit(result);
        }

        if (book.NextCloseAt is not { } next)
        {
            context.Clear(); // no window open: the key holds nothing until its next event
            return;
        }

        var due = DateTimeOffset.FromUnixTimeMilliseconds(next);
        if (context.TimerDue(Timer) != due)
        {
            context.SetEventTimeTimer(Timer, due);
        }
    }

    private static bool Same(WindowSpec a, WindowSpec b) =>
        a.Assigner.SizeMs == b.Assigner.SizeMs && a.Assigner.SlideMs == b.Assigner.SlideMs && a.Aggregates == b.Aggregates && a.AllowedLatenessMs == b.AllowedLatenessMs;

    private sealed class BookCodec : IStateCodec<WindowBook?>
    {
        public static readonly BookCodec Instance = new();

        public void Write(IBufferWriter<byte> into, in WindowBook? state) => state?.Write(into);

        public WindowBook? Read(ReadOnlySpan<byte> data)
        {
            if (data.IsEmpty)
            {
                return null;
            }

            var book = WindowBook.Read(ref data);
            return data.IsEmpty ? book : throw new FormatException($"window state has {data.Length} bytes after its book");
        }
    }
}
