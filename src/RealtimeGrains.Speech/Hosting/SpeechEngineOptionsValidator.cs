using Microsoft.Extensions.Options;
using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.Speech;

/// <summary>Start-up check of <c>RealtimeGrains:Speech</c>: the options, then the grammar (a parse error names the file and line).</summary>
internal sealed class SpeechEngineOptionsValidator : IValidateOptions<SpeechEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechEngineOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            return ValidateOptionsResult.Fail(errors);
        }

        try
        {
            PocketSphinxRecognizer.CheckGrammar(options);
            return ValidateOptionsResult.Success;
        }
        catch (SpeechGrammarException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
