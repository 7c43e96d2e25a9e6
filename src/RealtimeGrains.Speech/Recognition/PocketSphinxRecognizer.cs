using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeGrains.Speech.Recognition.Native;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// Recognizes commands with CMU PocketSphinx (Debian's <c>libpocketsphinx3</c>, <c>pocketsphinx-en-us</c>)
/// against a JSGF grammar, with a pool of decoders per process. Creating it never needs the engine: when
/// the library or model is missing, <see cref="Recognize"/> throws <see cref="SpeechEngineUnavailableException"/>.
/// </summary>
public sealed partial class PocketSphinxRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly SpeechEngineOptions _options;
    private readonly SpeechGrammar _grammar;
    private readonly DecoderPool _pool;
    private readonly Lazy<string?> _unavailable;
    private readonly ILogger _logger;

    /// <summary>Checks the options and the grammar; loads no model (decoders are created on first use).</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="SpeechGrammarException">The grammar does not parse or uses a word the dictionary lacks.</exception>
    public PocketSphinxRecognizer(SpeechEngineOptions options, ILogger<PocketSphinxRecognizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger<PocketSphinxRecognizer>.Instance;
        _grammar = SpeechGrammar.Load(options.GrammarFile);
        _grammar.Check(options.Dictionary);
        _unavailable = new Lazy<string?>(() => SpeechEngine.Probe(options));
        _pool = new DecoderPool(options.DecoderCount, CreateDecoder);
    }

    /// <summary>Decoders created so far (at most <see cref="SpeechEngineOptions.Decoders"/>).</summary>
    public int DecodersCreated => _pool.Created;

    /// <summary>Null when PocketSphinx and its model are installed, otherwise one line naming what to install.</summary>
    public static string? Probe(SpeechEngineOptions? options = null) => SpeechEngine.Probe(options ?? new SpeechEngineOptions());

    /// <summary>
    /// Checks the configured grammar (or the default): JSGF syntax, rule references and that every word is
    /// in the dictionary; and, when the engine is installed, that PocketSphinx's own parser accepts it.
    /// </summary>
    /// <exception cref="SpeechGrammarException">The grammar is unusable; the message names the file and the line.</exception>
    public static void CheckGrammar(SpeechEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var grammar = SpeechGrammar.Load(options.GrammarFile);
        grammar.Check(options.Dictionary);
        if (SpeechEngine.Probe(options) is null && !NativeGrammar.Parses(grammar.Text))
        {
            throw new SpeechGrammarException($"{grammar.Source}: PocketSphinx's JSGF parser refused it");
        }
    }

    /// <inheritdoc />
    public Recognition Recognize(ReadOnlySpan<short> pcm, CancellationToken cancellationToken = default)
    {
        if (_unavailable.Value is { } reason)
        {
            throw new SpeechEngineUnavailableException(reason);
        }

        var decoder = _pool.Rent(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            // Reset, then the phone loop first: it adapts the noise and mean estimates to this utterance (so the grammar
            // pass is as accurate as with an estimate carried over: 92% on the shipped set either way) and scores the
            // confidence reference. Measured cost: 77 ms per utterance instead of 67 ms, for results that no longer
            // depend on which pooled decoder served the utterance.
            decoder.Reset();
            var phones = decoder.Decode(PocketSphinxDecoder.PhoneSearch, pcm);
            var grammar = decoder.Decode(PocketSphinxDecoder.GrammarSearch, pcm);
            var decodeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var text = Normalize(grammar.Hypothesis);
            var confidence = CommandConfidence.Of(grammar, phones);
            var gap = CommandConfidence.WordGap(grammar, phones);
            var recognized = text.Length > 0 && confidence >= _options.MinConfidence;
            LogDecoded(text, confidence, gap, decodeMs);
            return new Recognition(recognized, recognized ? text : "", confidence, decodeMs, text);
        }
        finally
        {
            _pool.Return(decoder);
        }
    }

    /// <summary>
    /// Creates every decoder of the pool now (a model load each, far more than a decode), so the first utterances
    /// do not pay for it. Does nothing when the engine is not installed.
    /// </summary>
    public void Prewarm(CancellationToken cancellationToken = default)
    {
        if (_unavailable.Value is not null)
        {
            return;
        }

        var rented = new List<PocketSphinxDecoder>();
        try
        {
            for (var i = 0; i < _options.DecoderCount; i++)
            {
                rented.Add(_pool.Rent(cancellationToken));
            }
        }
        finally
        {
            rented.ForEach(_pool.Return);
        }
    }

    /// <summary>Frees every decoder; decoders lent out are freed when they come back.</summary>
    public void Dispose() => _pool.Dispose();

    /// <summary>Lower-case words separated by single spaces, without PocketSphinx's alternate-pronunciation marks.</summary>
    internal static string Normalize(string hypothesis)
    {
        var words = hypothesis.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => (w.IndexOf('(', StringComparison.Ordinal) is var mark and > 0 ? w[..mark] : w).ToLowerInvariant());
        return string.Join(' ', words);
    }

    private PocketSphinxDecoder CreateDecoder()
    {
        var started = Stopwatch.GetTimestamp();
        var decoder = new PocketSphinxDecoder(_options, _grammar);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogDecoderCreated(_pool.Created + 1, elapsedMs);
        return decoder;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Speech decoder {Number} loaded in {ElapsedMs:F0} ms")]
    private partial void LogDecoderCreated(int number, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Decoded '{Hypothesis}' confidence {Confidence:F3} (worst word {Gap:F1}/frame behind the phone loop) in {DecodeMs:F1} ms")]
    private partial void LogDecoded(string hypothesis, double confidence, double gap, double decodeMs);
}
