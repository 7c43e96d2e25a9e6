namespace RealtimeGrains.Streaming;

/// <summary>The streams declared on the silos. Key 0.</summary>
public interface IStreamCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The definition of a stream, or null when no stream of that name is declared.</summary>
    Task<StreamDefinition?> Find(string name);

    /// <summary>Every declared stream.</summary>
    Task<StreamDefinition[]> List();
}
