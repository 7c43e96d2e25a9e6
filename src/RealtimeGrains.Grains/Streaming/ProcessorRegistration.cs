namespace RealtimeGrains.Streaming;

/// <summary>Marks a processor name as registered (so configuration can be checked against the registered names).</summary>
internal sealed record ProcessorRegistration(string Name, Type Type)
{
    /// <summary>The keyed-service key of a processor name.</summary>
    public static string ServiceKey(string name) => "rtg-processor:" + name;
}
