using System.Globalization;

namespace RealtimeGrains.Benchmarks;

/// <summary>Figures of one <c>tasks</c> run.</summary>
internal sealed record TaskLoadResults(int Tasks, double TasksPerSecond, double SubmitToStartP50Ms, double SubmitToStartP99Ms, double FcfsMeanWaitMs, double SjfMeanWaitMs)
{
    public string ToMarkdown() => string.Create(CultureInfo.InvariantCulture, $"""
        | measure | value |
        |---|---|
        | echo tasks completed per second (1 queue, concurrency 64, {Tasks} tasks) | {TasksPerSecond:0} |
        | submit→start p50 (slots free) | {SubmitToStartP50Ms:0.00} ms |
        | submit→start p99 (slots free) | {SubmitToStartP99Ms:0.00} ms |
        | mixed workload mean wait, FCFS | {FcfsMeanWaitMs:0.0} ms |
        | mixed workload mean wait, SJF | {SjfMeanWaitMs:0.0} ms |
        """);
}
