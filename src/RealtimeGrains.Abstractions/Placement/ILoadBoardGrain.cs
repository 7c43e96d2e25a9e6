namespace RealtimeGrains.Placement;

/// <summary>
/// Where silos publish their capacity and application load, and read everyone's (key 0). In memory only:
/// if its silo dies it reactivates elsewhere and is full again within one refresh.
/// </summary>
public interface ILoadBoardGrain : IGrainWithIntegerKey
{
    /// <summary>Publishes one silo's report and returns every silo's latest. Silos only: a client's call is refused.</summary>
    [Hosting.SiloOnly]
    Task<SiloLoadReport[]> Exchange(SiloLoadReport report);

    /// <summary>Every silo's latest report.</summary>
    Task<SiloLoadReport[]> GetAll();
}
