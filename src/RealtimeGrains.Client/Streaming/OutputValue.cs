using System.Text;
using Orleans.Serialization;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>Reads the value of a <see cref="StreamOutput"/> as a type.</summary>
internal static class OutputValue
{
    /// <summary>
    /// A typed payload through Orleans' <paramref name="serializer"/>; a raw payload as <c>byte[]</c>,
    /// <see cref="ReadOnlyMemory{T}"/> of bytes, or <c>string</c> (UTF-8).
    /// </summary>
    /// <exception cref="InvalidCastException">The payload cannot be read as <typeparamref name="T"/>.</exception>
    public static Output<T> Read<T>(StreamOutput output, Serializer serializer) =>
        new(output.Stream, output.Key, output.Sequence, output.Time, Value<T>(output, serializer));

    private static T Value<T>(StreamOutput output, Serializer serializer)
    {
        if (!output.Typed)
        {
            object raw = typeof(T) == typeof(byte[]) ? output.Payload
                : typeof(T) == typeof(ReadOnlyMemory<byte>) ? new ReadOnlyMemory<byte>(output.Payload)
                : typeof(T) == typeof(string) ? Encoding.UTF8.GetString(output.Payload)
                : throw new InvalidCastException($"{Describe(output)} is a raw payload; read it as byte[], ReadOnlyMemory<byte> or string, not {typeof(T).FullName}");
            return (T)raw;
        }

        object? value;
        try
        {
            value = serializer.Deserialize<T>(output.Payload);
        }
        catch (Exception ex) when (ex is SerializerException or InvalidCastException)
        {
            throw new InvalidCastException($"{Describe(output)} cannot be read as {typeof(T).FullName}: {ex.Message}", ex);
        }

        return value is T typed ? typed : throw new InvalidCastException($"{Describe(output)} has no value to read as {typeof(T).FullName}");
    }

    private static string Describe(StreamOutput output) => $"output {output.Sequence} of key '{output.Key}' in stream '{output.Stream}'";
}
