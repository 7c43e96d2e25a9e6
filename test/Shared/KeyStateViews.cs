using System.Globalization;
using System.Text.Json;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Testing;

/// <summary>Reads the state of the built-in processors from a query's view.</summary>
internal static class KeyStateViews
{
    extension(KeyStateView view)
    {
        /// <summary>The state of a <c>count</c> stream's key.</summary>
        public long Count => long.Parse(view.Json, CultureInfo.InvariantCulture);

        /// <summary>The state as text: a JSON string's contents, else the JSON.</summary>
        public string Value => JsonDocument.Parse(view.Json).RootElement is { ValueKind: JsonValueKind.String } text ? text.GetString()! : view.Json;
    }
}
