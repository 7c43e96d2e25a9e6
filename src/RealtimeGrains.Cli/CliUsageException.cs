namespace RealtimeGrains.Cli;

/// <summary>A mistake in how <c>rtg</c> was called; printed as one line, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
