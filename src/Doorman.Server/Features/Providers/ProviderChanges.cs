using System.Text.Json;
using System.Text.Json.Nodes;

namespace Doorman.Server.Features.Providers;

/// <summary>Describes what an update changed, field by field, for the audit log. Never includes a secret.</summary>
public static class ProviderChanges
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "id", "createdAt", "updatedAt", "lastTestedAt", "lastTestSucceeded", "hasClientSecret", "loginUrl",
    };

    public static List<string> Describe(ProviderResponse before, ProviderResponse after, bool secretChanged)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        var changes = now
            .Where(kv => !Ignored.Contains(kv.Key) && (!old.TryGetValue(kv.Key, out var was) || was != kv.Value))
            .Select(kv => $"{kv.Key}: {old.GetValueOrDefault(kv.Key) ?? "null"} → {kv.Value ?? "null"}")
            .ToList();
        if (secretChanged)
        {
            changes.Add("client secret changed");
        }
        return changes;
    }

    private static Dictionary<string, string?> Flatten(ProviderResponse response) =>
        JsonSerializer.SerializeToNode(response, JsonSerializerOptions.Web)!.AsObject()
            .ToDictionary(kv => kv.Key, kv => kv.Value?.ToJsonString(), StringComparer.Ordinal);
}
