using Microsoft.Extensions.Logging;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Task submissions and their outcomes.</summary>
internal sealed partial class EffectOutbox
{
    private async Task SubmitAsync(TaskSubmission submission)
    {
        submission.InFlight = true;
        try
        {
            // The request id is the submission id: a submit repeated after a crash returns the same task.
            submission.TaskId = await grains.GetGrain<ISchedulerGrain>(submission.Queue).Submit(submission.Spec);
            submission.Failures = 0;
            submission.NextAttemptMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)MinPoll.TotalMilliseconds;
            _changedSubmissions.Add(submission.Id);
            OnChanged?.Invoke();
        }
        catch (Exception ex) when (ex is InvalidTaskException or UnknownHandlerException)
        {
            Finish(submission, new TaskOutcome { SubmissionId = submission.Id, TaskId = "", Status = TaskState.Failed, Error = ex.Message, ElapsedMs = Elapsed(submission) });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Queue full, silo lost, timeout: the same submission is tried again later (it cannot be accepted twice).
            submission.Failures++;
            submission.NextAttemptMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Backoff(submission.Failures).TotalMilliseconds;
            LogSubmitFailed(logger, stream, partition, submission.Id, submission.Queue, submission.Failures, ex.Message);
        }
        finally
        {
            submission.InFlight = false;
        }
    }

    private async Task PollAsync(TaskSubmission submission)
    {
        submission.InFlight = true;
        _pollsInFlight++;
        try
        {
            var info = await grains.GetGrain<ISchedulerGrain>(submission.Queue).GetTask(submission.TaskId!);
            if (info.Status is TaskState.Completed or TaskState.Failed)
            {
                var error = info.OutcomeExpired ? "the task's outcome expired before it was collected" : info.Error;
                Finish(submission, new TaskOutcome { SubmissionId = submission.Id, TaskId = info.Id, Status = info.Status, Result = info.Result, Error = error, ElapsedMs = Elapsed(submission) });
                return;
            }

            // Poll again after a quarter of the time it has taken so far (short tasks answer fast, long ones cost little).
            var wait = Math.Clamp(Elapsed(submission) / 4, MinPoll.TotalMilliseconds, MaxPoll.TotalMilliseconds);
            submission.NextAttemptMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)wait;
        }
        catch (UnknownTaskException ex)
        {
            Finish(submission, new TaskOutcome { SubmissionId = submission.Id, TaskId = submission.TaskId!, Status = TaskState.Failed, Error = ex.Message, ElapsedMs = Elapsed(submission) });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            submission.Failures++;
            submission.NextAttemptMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Backoff(submission.Failures).TotalMilliseconds;
            LogPollFailed(logger, stream, partition, submission.Id, submission.Failures, ex.Message);
        }
        finally
        {
            submission.InFlight = false;
            _pollsInFlight--;
        }
    }

    /// <summary>Hands the outcome to the key and forgets the submission; both are written by the next checkpoint.</summary>
    private void Finish(TaskSubmission submission, TaskOutcome outcome)
    {
        if (!_submissions.Remove(submission.Id))
        {
            return;
        }

        _changedSubmissions.Remove(submission.Id);
        _removedSubmissions.Add(submission.Id);
        OnTaskFinished?.Invoke(submission.Key, outcome);
        OnChanged?.Invoke();
    }

    private double Elapsed(TaskSubmission submission) => Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds() - submission.CreatedAtMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} partition {Partition}: delivery of outputs to {Target}/{TargetPartition} batch {Sequence} failed ({Failures} in a row), retrying: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string stream, int partition, string target, int targetPartition, long sequence, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} partition {Partition}: submission {Submission} to queue {Queue} failed ({Failures} in a row), retrying: {Error}")]
    private static partial void LogSubmitFailed(ILogger logger, string stream, int partition, string submission, string queue, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} partition {Partition}: polling task of submission {Submission} failed ({Failures} in a row): {Error}")]
    private static partial void LogPollFailed(ILogger logger, string stream, int partition, string submission, int failures, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {Stream} partition {Partition}: stored outputs for {Target} dropped: that stream is no longer declared")]
    private static partial void LogDroppedChannel(ILogger logger, string stream, int partition, string target);
}
