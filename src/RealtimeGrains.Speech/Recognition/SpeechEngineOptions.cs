using RealtimeGrains.Hosting;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>The speech engine (PocketSphinx) of a silo, bound from <c>RealtimeGrains:Speech</c>.</summary>
public sealed class SpeechEngineOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Speech";

    private const string ModelRoot = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model directory (Debian's <c>pocketsphinx-en-us</c>).</summary>
    public string ModelDirectory { get; set; } = $"{ModelRoot}/en-us";

    /// <summary>Pronunciation dictionary; every word of the grammar must be in it.</summary>
    public string Dictionary { get; set; } = $"{ModelRoot}/cmudict-en-us.dict";

    /// <summary>Phone language model of the free phone loop that the confidence compares the grammar against.</summary>
    public string PhoneLanguageModel { get; set; } = $"{ModelRoot}/en-us-phone.lm.bin";

    /// <summary>JSGF command grammar file; null or empty: the embedded default (20 home-assistant commands).</summary>
    public string? GrammarFile { get; set; }

    /// <summary>Least confidence, in [0, 1], for a hypothesis to count as recognized; below it the result is unrecognized.</summary>
    public double MinConfidence { get; set; } = CommandConfidence.DefaultThreshold;

    /// <summary>Most decoders per process (1-256; 0: one per processor), created on first need; each holds a copy of the model.</summary>
    public int Decoders { get; set; }

    /// <summary>The decoders the pool may create: <see cref="Decoders"/>, or the processor count for 0.</summary>
    public int DecoderCount => Decoders == 0 ? Environment.ProcessorCount : Decoders;

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            errors.Add(OptionCheck.Error($"{Section}:MinConfidence", MinConfidence, "a number in [0, 1]"));
        }

        OptionCheck.Range(errors, $"{Section}:Decoders", Decoders, 0, 256);
        if (!string.IsNullOrEmpty(GrammarFile) && !File.Exists(GrammarFile))
        {
            errors.Add(OptionCheck.Error($"{Section}:GrammarFile", GrammarFile, "an existing JSGF file, or empty for the default grammar"));
        }

        Required(errors, nameof(ModelDirectory), ModelDirectory);
        Required(errors, nameof(Dictionary), Dictionary);
        Required(errors, nameof(PhoneLanguageModel), PhoneLanguageModel);
        return errors;
    }

    // Missing model files are not a configuration error: the engine reports them as unavailable (with the packages to install).
    private static void Required(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(OptionCheck.Error($"{Section}:{key}", value, "a path"));
        }
    }
}
