namespace RealtimeGrains.Streaming;

/// <summary>Stream namespaces partition grains subscribe to implicitly: every declared stream name (names starting with <c>rtg.</c> are reserved).</summary>
internal static class PartitionStreamNamespace
{
    public const string Pattern = @"^(?!rtg\.).+$";
}
