using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Hosting;

public sealed class ClientErrorsTests
{
    private const string Call = "ISchedulerGrain.Submit";

    [Fact]
    public void ForClient_RedisFailure_StorageUnavailableNamingCallAndShortCause()
    {
        var redis = new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect,
            "The message timed out in the backlog (3000ms) - Last Connection Exception: a long diagnostic");

        var forClient = Assert.IsType<StorageUnavailableException>(ClientErrors.ForClient(new InvalidOperationException("write failed", redis), Call));

        Assert.Equal("ISchedulerGrain.Submit could not complete: storage failed (RedisConnectionException: The message timed out in the backlog (3000ms)); retry when it is back",
            forClient.Message);
        Assert.Null(forClient.InnerException);
    }

    [Fact]
    public void ForClient_OrleansStorageBridgeWrapper_StorageUnavailable()
    {
        var wrapped = new OrleansException("Error from storage provider RedisGrainStorage.scheduler during ReadStateAsync for grain scheduler/q");

        Assert.IsType<StorageUnavailableException>(ClientErrors.ForClient(wrapped, Call));
    }

    [Fact]
    public void ForClient_OrleansWrappingOurs_Unwrapped()
    {
        var ours = new StorageUnavailableException("storage failed");

        Assert.Same(ours, ClientErrors.ForClient(new OrleansException("activation failed", ours), Call));
    }

    [Fact]
    public void ForClient_ClientLoadableAndOurs_PassUnchanged()
    {
        Assert.Null(ClientErrors.ForClient(new QueueFullException("full"), Call));
        Assert.Null(ClientErrors.ForClient(new TimeoutException("slow"), Call));
        Assert.Null(ClientErrors.ForClient(new ArgumentException("bad"), Call));
    }

    [Fact]
    public void ForClient_TypeOnlyTheSiloHas_GenericRealtimeGrainsException()
    {
        var silo = new Orleans.Runtime.SiloUnavailableException("x");
        var foreign = new System.Text.Json.JsonException("bad json");

        Assert.Null(ClientErrors.ForClient(silo, Call));
        Assert.Null(ClientErrors.ForClient(foreign, Call)); // System.Text.Json is a System assembly: clients have it
        var forClient = ClientErrors.ForClient(new Microsoft.Extensions.Options.OptionsValidationException("x", typeof(object), ["bad"]), Call);
        Assert.Equal(typeof(RealtimeGrainsException), forClient!.GetType());
        Assert.StartsWith("ISchedulerGrain.Submit failed on the silo (OptionsValidationException: ", forClient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestRejections_ShareOneBase()
    {
        Assert.IsAssignableFrom<RequestRejectedException>(new QueueFullException("x"));
        Assert.IsAssignableFrom<RequestRejectedException>(new UnknownPolicyException("x"));
        Assert.IsAssignableFrom<RequestRejectedException>(new RealtimeGrains.Streaming.BatchRejectedException("x"));
        Assert.IsAssignableFrom<RealtimeGrainsException>(new StorageUnavailableException("x"));
    }
}
