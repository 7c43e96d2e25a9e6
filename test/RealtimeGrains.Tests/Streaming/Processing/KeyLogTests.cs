using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Tests.Streaming.Processing;

public sealed class KeyLogTests
{
    [Fact]
    public void Appends_SurviveARestart_InOrder()
    {
        var h = Harness();
        h.PublishText(("k", "a:one"), ("k", "a:two"), ("other", "a:x"));
        h.Checkpoint();
        h.PublishText(("k", "a:three"));
        h.Checkpoint();

        h.Restart();

        Assert.Equal("one,two,three", Log(h, "k"));
        Assert.Equal("x", Log(h, "other"));
    }

    [Fact]
    public void Checkpoint_WritesOnlyTheNewRecord_NotTheWholeLog()
    {
        var h = Harness();
        var frame = "a:" + new string('f', 640);
        for (var i = 0; i < 200; i++)
        {
            h.PublishText(("k", frame));
        }

        var first = Bytes(h.Checkpoint());
        h.PublishText(("k", frame));
        var next = Bytes(h.Checkpoint());

        Assert.True(first > 200 * 640, $"the first checkpoint wrote {first} bytes");
        Assert.True(next < 2 * 640, $"appending one 640-byte record to a log of 200 wrote {next} bytes");
    }

    [Fact]
    public void RemoveFirst_DropsHeldRecordsThenThisCallsAppends()
    {
        var h = Harness();
        h.PublishText(("k", "a:1"), ("k", "a:2"), ("k", "a:3"));
        h.Checkpoint();

        h.PublishText(("k", "a:4"), ("k", "d:2"));
        Assert.Equal("3,4", Log(h, "k"));
        h.PublishText(("k", "a:5|d:2"));
        h.Checkpoint();
        h.Restart();

        Assert.Equal("5", Log(h, "k"));
        Assert.Equal(5, h.State<long>("k"));
    }

    [Fact]
    public void ARejectedCall_LeavesTheLogAsItWas()
    {
        var h = Harness();
        h.PublishText(("k", "a:kept"));

        var result = h.PublishText(("k", "a:dropped|d:1|r"));

        Assert.Equal(1, result.Rejected);
        Assert.Equal("kept", Log(h, "k"));
    }

    [Fact]
    public void ClearingTheKey_RemovesItsRecords_FromMemoryAndTheStore()
    {
        var h = Harness();
        h.PublishText(("k", "a:1"), ("k", "a:2"));
        h.Checkpoint();

        h.PublishText(("k", "c"));
        h.Checkpoint();
        h.Restart();

        Assert.Null(h.Runtime.Query("k"));
        h.PublishText(("k", "a:fresh"));
        Assert.Equal("fresh", Log(h, "k"));
    }

    [Fact]
    public void ARecordOverTheStreamsPayloadLimit_RejectsTheCall()
    {
        var h = Harness();

        var result = h.PublishText(("k", "b"));

        Assert.Equal(1, result.Rejected);
        Assert.Null(h.Runtime.Query("k"));
    }

    private static string Log(ProcessorHarness h, string key)
    {
        h.PublishText((key, "p"));
        return LogProcessor.Printed[key];
    }

    private static long Bytes(RealtimeGrains.Streaming.State.StateCommit commit) =>
        commit.Buckets.Sum(b => b.Entries.Length + (b.Segment?.Length ?? 0));

    private static ProcessorHarness Harness() =>
        new("s", o => o.Streams["s"] = new StreamDeclaration { Processor = "log", Buckets = 64, Partitions = 1, MaxPayloadBytes = 1024 },
            s => s.AddKeyedSingleton<object, LogProcessor>(ProcessorRegistration.ServiceKey("log")));

    /// <summary>
    /// Commands separated by '|': <c>a:TEXT</c> appends, <c>d:N</c> drops the N oldest, <c>c</c> clears the key,
    /// <c>b</c> appends 2 KB, <c>r</c> rejects, <c>p</c> prints the log into <see cref="Printed"/>. The state counts records appended.
    /// </summary>
    private sealed class LogProcessor : KeyedProcessor<long, byte[]>
    {
        public static readonly Dictionary<string, string> Printed = [];

        public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, byte[]> context)
        {
            foreach (var command in Encoding.UTF8.GetString(payload).Split('|'))
            {
                switch (command[0])
                {
                    case 'b':
                        context.Log.Append(new byte[2048]);
                        break;
                    case 'a':
                        context.Log.Append(Encoding.UTF8.GetBytes(command[2..]));
                        context.State++;
                        break;
                    case 'd':
                        context.Log.RemoveFirst(int.Parse(command[2..], System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case 'c':
                        context.Clear();
                        break;
                    case 'r':
                        context.Reject("asked to");
                        break;
                    default:
                        var records = new List<string>();
                        for (var i = 0; i < context.Log.Count; i++)
                        {
                            records.Add(Encoding.UTF8.GetString(context.Log[i]));
                        }

                        Assert.Equal(context.Log.Bytes, context.Log.ToArray().Length);
                        lock (Printed)
                        {
                            Printed[context.Key] = string.Join(',', records);
                        }

                        break;
                }
            }
        }
    }
}
