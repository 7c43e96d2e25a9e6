using Microsoft.Extensions.Options;

namespace RealtimeGrains.Hosting;

/// <summary>Runs an options type's own <c>Validate()</c> at start so bad values fail fast.</summary>
internal sealed class OptionsValidation<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
