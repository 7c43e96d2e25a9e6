using Microsoft.Extensions.Options;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Streaming;

/// <summary>Checks <see cref="StreamingOptions"/> at start, including that every stream names a registered processor.</summary>
internal sealed class StreamingOptionsValidator(IEnumerable<ProcessorRegistration> processors) : IValidateOptions<StreamingOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamingOptions options)
    {
        var errors = options.Validate().ToList();
        var known = processors.Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var (stream, declaration) in options.Streams)
        {
            if (!known.Contains(declaration.Processor, StringComparer.Ordinal))
            {
                errors.Add(OptionCheck.Error($"{StreamingOptions.Section}:Streams:{stream}:Processor", declaration.Processor,
                    $"a registered processor ({string.Join(", ", known)})"));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
