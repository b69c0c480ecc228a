using System.Text.Json.Nodes;

namespace Doorman.Server.Features.Scim;

/// <summary>
/// RFC 7644 §3.5.2 PATCH on a user's SCIM document: <c>add</c>, <c>replace</c>, <c>remove</c> (any case, as Entra ID
/// sends "Replace"), with or without a path, including value filters such as <c>emails[type eq "work"].value</c>.
/// </summary>
public static class ScimPatch
{
    public static void Apply(JsonObject resource, JsonObject patch)
    {
        foreach (var (op, path, value) in Operations(patch))
        {
            switch (op)
            {
                case "add" or "replace" when path is null:
                    if (value is not JsonObject attributes)
                    {
                        throw ScimException.InvalidValue($"'{op}' without a path takes an object of attributes as its value.");
                    }
                    foreach (var (key, attribute) in attributes)
                    {
                        Set(resource, ScimPath.Parse(key), attribute?.DeepClone(), op == "add");
                    }
                    break;
                case "add" or "replace":
                    Set(resource, ScimPath.Parse(path!), value?.DeepClone(), op == "add");
                    break;
                default:
                    Remove(resource, ScimPath.Parse(path ?? throw ScimException.NoTarget("'remove' needs a path.")), value);
                    break;
            }
        }
    }

    /// <summary>A PATCH body's operations, checked: <c>op</c> lower-cased (add, replace or remove), path and value.</summary>
    public static IEnumerable<PatchOperation> Operations(JsonObject patch)
    {
        if (patch["schemas"] is not JsonArray schemas || !schemas.Any(s => s?.ToString() == ScimAttributes.PatchSchema))
        {
            throw ScimException.InvalidSyntax($"A PATCH body has schemas ['{ScimAttributes.PatchSchema}'].");
        }
        var operations = patch.FirstOrDefault(p => p.Key.Equals("Operations", StringComparison.OrdinalIgnoreCase)).Value as JsonArray
                         ?? throw ScimException.InvalidSyntax("A PATCH body has an 'Operations' array.");
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = (Field(operation, "op") ?? throw ScimException.InvalidSyntax("Each operation has an 'op'.")).ToLowerInvariant();
            if (op is not ("add" or "replace" or "remove"))
            {
                throw ScimException.InvalidSyntax($"'{op}' is not a PATCH operation (add, replace, remove).");
            }
            var value = operation.FirstOrDefault(p => p.Key.Equals("value", StringComparison.OrdinalIgnoreCase)).Value;
            yield return new PatchOperation(op, Field(operation, "path"), value);
        }
    }

    private static void Set(JsonObject resource, ScimPath path, JsonNode? value, bool add)
    {
        var container = path.Extension ? Extension(resource) : resource;
        if (path.Filter is null && path.Sub is null)
        {
            if (add && container[path.Attribute] is JsonArray existing && value is JsonArray more)
            {
                foreach (var item in more)
                {
                    existing.Add(item?.DeepClone());
                }
                return;
            }
            container[path.Attribute] = path.Extension && path.Attribute == "manager" && value is JsonValue id
                ? new JsonObject { ["value"] = id.DeepClone() }   // Entra sends the manager's id alone
                : value;
            return;
        }
        if (path.Filter is null)
        {
            var parent = container[path.Attribute] as JsonObject ?? [];
            parent[path.Sub!] = value;
            container[path.Attribute] = parent;
            return;
        }
        var items = container[path.Attribute] as JsonArray ?? [];
        container[path.Attribute] = items;
        var matches = items.OfType<JsonObject>().Where(path.Matches).ToList();
        if (matches.Count == 0)
        {
            // Entra and Okta set emails[type eq "work"].value on users that have no such email yet: create it.
            var created = path.Filter.NewItem();
            items.Add(created);
            matches.Add(created);
        }
        foreach (var item in matches)
        {
            if (path.Sub is null)
            {
                foreach (var (key, field) in value as JsonObject ?? throw ScimException.InvalidValue("A filtered path without a sub-attribute takes an object."))
                {
                    item[key] = field?.DeepClone();
                }
            }
            else
            {
                item[path.Sub] = value?.DeepClone();
            }
        }
    }

    private static void Remove(JsonObject resource, ScimPath path, JsonNode? value)
    {
        var container = path.Extension ? Extension(resource) : resource;
        if (path.Filter is null && path.Sub is null)
        {
            if (value is JsonArray members && container[path.Attribute] is JsonArray items)
            {
                foreach (var member in members.OfType<JsonObject>())
                {
                    items.Where(i => i?["value"]?.ToString() == member["value"]?.ToString()).ToList().ForEach(i => items.Remove(i));
                }
                return;
            }
            container.Remove(path.Attribute);
            return;
        }
        if (path.Filter is null)
        {
            (container[path.Attribute] as JsonObject)?.Remove(path.Sub!);
            return;
        }
        if (container[path.Attribute] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>().Where(path.Matches).ToList())
            {
                if (path.Sub is null)
                {
                    array.Remove(item);
                }
                else
                {
                    item.Remove(path.Sub);
                }
            }
        }
    }

    private static JsonObject Extension(JsonObject resource)
    {
        if (resource[ScimAttributes.EnterpriseSchema] is not JsonObject extension)
        {
            extension = [];
            resource[ScimAttributes.EnterpriseSchema] = extension;
        }
        return extension;
    }

    private static string? Field(JsonObject o, string name) =>
        o.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}

/// <summary>One PATCH operation: <c>op</c> is add, replace or remove.</summary>
public sealed record PatchOperation(string Op, string? Path, JsonNode? Value);

/// <summary>A PATCH path: <c>attr</c>, <c>attr.sub</c>, <c>attr[filter]</c>, <c>attr[filter].sub</c>, or an enterprise attribute.</summary>
public sealed record ScimPath(string Attribute, ValueFilter? Filter, string? Sub, bool Extension)
{
    public static ScimPath Parse(string path)
    {
        var raw = path.Trim();
        var canonical = raw.Contains('[', StringComparison.Ordinal) ? raw : ScimAttributes.Canonical(raw);
        if (canonical.StartsWith(ScimAttributes.EnterpriseSchema + ":", StringComparison.Ordinal))
        {
            var name = canonical[(ScimAttributes.EnterpriseSchema.Length + 1)..];
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var head = dot < 0 ? name : name[..dot];
            if (!ScimAttributes.Enterprise.Contains(head))
            {
                throw ScimException.InvalidPath($"'{path}' is not an attribute of the enterprise extension.");
            }
            return new ScimPath(head, null, dot < 0 ? null : name[(dot + 1)..], true);
        }
        var open = canonical.IndexOf('[', StringComparison.Ordinal);
        string attribute;
        ValueFilter? filter = null;
        string? sub = null;
        if (open >= 0)
        {
            var close = canonical.IndexOf(']', open);
            if (close < 0)
            {
                throw ScimException.InvalidPath($"'{path}' has an unclosed '['.");
            }
            attribute = ScimAttributes.Canonical(canonical[..open]);
            if (attribute.Contains('.', StringComparison.Ordinal))
            {
                throw ScimException.InvalidPath($"'{path}' is not a valid path.");
            }
            filter = ValueFilter.Parse(canonical[(open + 1)..close], path);
            var rest = canonical[(close + 1)..];
            sub = rest.StartsWith('.') ? ScimAttributes.SubAttribute(rest[1..])
                : rest.Length == 0 ? null : throw ScimException.InvalidPath($"'{path}' is not a valid path.");
        }
        else
        {
            var dot = canonical.IndexOf('.', StringComparison.Ordinal);
            attribute = dot < 0 ? canonical : canonical[..dot];
            sub = dot < 0 ? null : canonical[(dot + 1)..];
        }
        if (attribute == ScimAttributes.EnterpriseSchema)
        {
            return new ScimPath(attribute, null, null, false);
        }
        if (attribute is "id" or "meta" or "groups")
        {
            throw ScimException.Mutability($"'{attribute}' is read-only{(attribute == "groups" ? ": change membership through /Groups" : "")}.");
        }
        if (!ScimAttributes.User.Contains(attribute))
        {
            throw ScimException.InvalidPath($"'{path}' is not an attribute of a user.");
        }
        return new ScimPath(attribute, filter, sub, false);
    }

    public bool Matches(JsonObject item) => Filter!.Matches(item);
}

/// <summary>The filter inside a value path: <c>type eq "work"</c> (and <c>and</c> of such comparisons).</summary>
public sealed record ValueFilter(IReadOnlyList<CompareNode> Comparisons)
{
    public static ValueFilter Parse(string text, string path)
    {
        var comparisons = new List<CompareNode>();
        Collect(ScimFilterParser.Parse(text), comparisons, path);
        return new ValueFilter(comparisons);
    }

    private static void Collect(FilterNode node, List<CompareNode> into, string path)
    {
        switch (node)
        {
            case CompareNode { Operator: "eq" } compare:
                into.Add(compare);
                break;
            case LogicalNode { Operator: "and" } and:
                Collect(and.Left, into, path);
                Collect(and.Right, into, path);
                break;
            default:
                throw ScimException.InvalidPath($"'{path}': value filters in paths support eq and 'and' only.");
        }
    }

    public bool Matches(JsonObject item) => Comparisons.All(c =>
        item.FirstOrDefault(p => p.Key.Equals(c.Attribute, StringComparison.OrdinalIgnoreCase)).Value is { } value &&
        string.Equals(value.ToString(), Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase));

    public JsonObject NewItem() => new(Comparisons.Select(c => KeyValuePair.Create(c.Attribute,
        (JsonNode?)JsonValue.Create(Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture)))));
}
