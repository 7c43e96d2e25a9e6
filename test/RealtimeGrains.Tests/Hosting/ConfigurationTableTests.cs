using System.Text.Json;
using System.Text.RegularExpressions;

namespace RealtimeGrains.Tests.Hosting;

/// <summary>The configuration table in <c>silo-config/README.md</c> and <c>silo-config/appsettings.json</c> list the same keys and defaults.</summary>
public sealed partial class ConfigurationTableTests
{
    [Fact]
    public void ReadmeTable_MatchesAppSettingsKeysAndDefaults()
    {
        var root = SiloConfigurationTests.RepoRoot();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "silo-config", "appsettings.json")));
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(json.RootElement.GetProperty("RealtimeGrains"), "RealtimeGrains", settings);

        var table = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in TableRow().Matches(File.ReadAllText(Path.Combine(root, "silo-config", "README.md"))))
        {
            table[row.Groups["key"].Value] = row.Groups["value"].Value;
        }

        Assert.Equal(settings, table);
    }

    private static void Flatten(JsonElement element, string prefix, IDictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{prefix}:{property.Name}", into);
                }

                break;
            case JsonValueKind.Array:
                into[prefix] = element.GetRawText();
                break;
            case JsonValueKind.String:
                into[prefix] = element.GetString()!;
                break;
            default:
                into[prefix] = element.GetRawText();
                break;
        }
    }

    [GeneratedRegex(@"^\| `(?<key>RealtimeGrains:[^`]+)` \| `(?<value>[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
