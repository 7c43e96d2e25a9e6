using System.Runtime.InteropServices;

namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>
/// One PocketSphinx decoder with two searches over the same acoustic model: the command grammar, and a
/// free phone loop that scores the best any phone sequence could do on the same audio (the confidence
/// reference). Not thread-safe: the pool hands it to one caller at a time. The recognizer resets its front end
/// (<see cref="Reset"/>) before each utterance, so a result depends on the utterance alone, not on which decoder of
/// the pool served it or what that decoder heard before.
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    internal const string GrammarSearch = "commands";
    internal const string PhoneSearch = "phones";

    private readonly DecoderHandle _decoder;

    public PocketSphinxDecoder(SpeechEngineOptions options, SpeechGrammar grammar)
    {
        PocketSphinxLog.Silence();
        string[] argv =
        [
            "-hmm", options.ModelDirectory, "-dict", options.Dictionary, "-logfn", "/dev/null",
            // Context-independent phones: the full triphone loop costs seconds per utterance on this model.
            "-allphone_ci", "yes",
            // Wider than the defaults: with them the grammar search loses every path on some fast or
            // British utterances and returns nothing (87% exact on the shipped set instead of 93%).
            "-beam", "1e-80", "-wbeam", "1e-60", "-pbeam", "1e-80",
        ];
        using var config = PocketSphinxNative.cmd_ln_parse_r(IntPtr.Zero, PocketSphinxNative.ps_args(), argv.Length, argv, 1);
        if (config.IsInvalid)
        {
            throw new SpeechEngineUnavailableException($"PocketSphinx refused its configuration ({string.Join(' ', argv)})");
        }

        _decoder = PocketSphinxNative.ps_init(config);
        if (_decoder.IsInvalid)
        {
            throw new SpeechEngineUnavailableException(
                $"PocketSphinx could not load the model {options.ModelDirectory} with dictionary {options.Dictionary}: {SpeechEngine.InstallHint}");
        }

        try
        {
            if (PocketSphinxNative.ps_set_jsgf_string(_decoder, GrammarSearch, grammar.Text) < 0)
            {
                throw new SpeechGrammarException($"{grammar.Source}: PocketSphinx refused the grammar (its JSGF parser or the dictionary {options.Dictionary})");
            }

            if (PocketSphinxNative.ps_set_allphone_file(_decoder, PhoneSearch, options.PhoneLanguageModel) < 0)
            {
                throw new SpeechEngineUnavailableException(
                    $"PocketSphinx could not load the phone language model {options.PhoneLanguageModel}: {SpeechEngine.InstallHint}");
            }
        }
        catch
        {
            _decoder.Dispose();
            throw;
        }
    }

    /// <summary>Decodes <paramref name="pcm"/> as one whole utterance with the named search.</summary>
    public unsafe DecodePass Decode(string search, ReadOnlySpan<short> pcm)
    {
        Check(PocketSphinxNative.ps_set_search(_decoder, search), "ps_set_search");
        Check(PocketSphinxNative.ps_start_utt(_decoder), "ps_start_utt");
        fixed (short* samples = pcm)
        {
            Check(PocketSphinxNative.ps_process_raw(_decoder, samples, (nuint)pcm.Length, noSearch: 0, fullUtterance: 1), "ps_process_raw");
        }

        Check(PocketSphinxNative.ps_end_utt(_decoder), "ps_end_utt");
        var hypothesis = Marshal.PtrToStringUTF8(PocketSphinxNative.ps_get_hyp(_decoder, out var score)) ?? "";
        var segments = Segments();
        return new DecodePass(hypothesis, score, segments.Sum(s => (long)s.AcousticScore), PocketSphinxNative.ps_get_n_frames(_decoder), segments);
    }

    /// <summary>Forgets what earlier utterances taught the feature front end (noise and cepstral mean estimates).</summary>
    public void Reset() => Check(PocketSphinxNative.ps_start_stream(_decoder), "ps_start_stream");

    public void Dispose() => _decoder.Dispose();

    private List<DecodeSegment> Segments()
    {
        var segments = new List<DecodeSegment>();
        for (var segment = PocketSphinxNative.ps_seg_iter(_decoder); segment != IntPtr.Zero; segment = PocketSphinxNative.ps_seg_next(segment))
        {
            PocketSphinxNative.ps_seg_prob(segment, out var acoustic, out _, out _);
            PocketSphinxNative.ps_seg_frames(segment, out var start, out var end);
            segments.Add(new DecodeSegment(Marshal.PtrToStringUTF8(PocketSphinxNative.ps_seg_word(segment)) ?? "", start, end, acoustic));
        }

        return segments;
    }

    private static void Check(int status, string call)
    {
        if (status < 0)
        {
            throw new InvalidOperationException($"PocketSphinx {call} failed ({status})");
        }
    }
}
