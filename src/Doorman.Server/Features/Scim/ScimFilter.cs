using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Doorman.Data;
using Doorman.Data.Entities;
using Microsoft.EntityFrameworkCore.Query;

namespace Doorman.Server.Features.Scim;

/// <summary>A parsed SCIM filter (RFC 7644 §3.4.2.2).</summary>
public abstract record FilterNode;

public sealed record CompareNode(string Attribute, string Operator, object? Value) : FilterNode;

public sealed record PresentNode(string Attribute) : FilterNode;

public sealed record LogicalNode(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotNode(FilterNode Inner) : FilterNode;

/// <summary>
/// Parses SCIM filters by hand (no maintained .NET parser is available here): attribute paths, the comparison
/// operators, <c>pr</c>, <c>and</c>/<c>or</c>/<c>not</c> and parentheses, string/boolean/number/null values.
/// Attribute names and operators are case-insensitive, as the RFC says.
/// </summary>
public sealed class ScimFilterParser
{
    private static readonly string[] Comparisons = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
    private readonly List<string> _tokens;
    private int _position;

    private ScimFilterParser(List<string> tokens) => _tokens = tokens;

    public static FilterNode Parse(string filter)
    {
        if (filter.Length > 2000)
        {
            throw ScimException.InvalidFilter("The filter is longer than 2000 characters.");
        }
        var parser = new ScimFilterParser(Tokenize(filter));
        var node = parser.ParseOr();
        if (parser._position != parser._tokens.Count)
        {
            throw ScimException.InvalidFilter($"Unexpected '{parser._tokens[parser._position]}' in the filter.");
        }
        return node;
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            left = new LogicalNode("or", left, ParseAnd());
        }
        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (Accept("and"))
        {
            left = new LogicalNode("and", left, ParseUnary());
        }
        return left;
    }

    private FilterNode ParseUnary()
    {
        if (Accept("not"))
        {
            Expect("(");
            var inner = ParseOr();
            Expect(")");
            return new NotNode(inner);
        }
        if (Accept("("))
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }
        var attribute = Next("an attribute name");
        if (attribute.StartsWith('"') || attribute is "(" or ")")
        {
            throw ScimException.InvalidFilter($"Expected an attribute name, found '{attribute}'.");
        }
        var op = Next("an operator").ToLowerInvariant();
        if (op == "pr")
        {
            return new PresentNode(ScimAttributes.Canonical(attribute));
        }
        if (!Comparisons.Contains(op))
        {
            throw ScimException.InvalidFilter($"'{op}' is not a SCIM filter operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr).");
        }
        return new CompareNode(ScimAttributes.Canonical(attribute), op, Value(Next("a value")));
    }

    private static object? Value(string token) => token switch
    {
        _ when token.StartsWith('"') => token[1..^1],
        _ when token.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        _ when token.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ when token.Equals("null", StringComparison.OrdinalIgnoreCase) => null,
        _ when decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw ScimException.InvalidFilter($"'{token}' is not a value: quote strings (\"...\"), or use true, false, null or a number."),
    };

    private bool Accept(string token)
    {
        if (_position < _tokens.Count && _tokens[_position].Equals(token, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }
        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw ScimException.InvalidFilter($"Expected '{token}' in the filter.");
        }
    }

    private string Next(string what) =>
        _position < _tokens.Count ? _tokens[_position++] : throw ScimException.InvalidFilter($"The filter ends where {what} was expected.");

    private static List<string> Tokenize(string filter)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '"')
            {
                var text = new StringBuilder("\"");
                i++;
                while (i < filter.Length && filter[i] != '"')
                {
                    if (filter[i] == '\\' && i + 1 < filter.Length)
                    {
                        i++;
                    }
                    text.Append(filter[i++]);
                }
                if (i >= filter.Length)
                {
                    throw ScimException.InvalidFilter("A quoted value in the filter is not closed.");
                }
                i++;
                tokens.Add(text.Append('"').ToString());
            }
            else
            {
                var start = i;
                while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && filter[i] is not ('(' or ')' or '"'))
                {
                    i++;
                }
                tokens.Add(filter[start..i]);
            }
        }
        return tokens;
    }
}

/// <summary>Builds database queries from filters: the logic operators, and comparisons of the attributes kept in columns.</summary>
internal static class FilterExpressions
{
    public static Expression<Func<T, bool>> Lambda<T>(
        FilterNode node, Func<PresentNode, ParameterExpression, Expression> present, Func<CompareNode, ParameterExpression, Expression> compare)
    {
        var parameter = Expression.Parameter(typeof(T), "e");
        Expression Build(FilterNode n) => n switch
        {
            LogicalNode { Operator: "and" } l => Expression.AndAlso(Build(l.Left), Build(l.Right)),
            LogicalNode l => Expression.OrElse(Build(l.Left), Build(l.Right)),
            NotNode not => Expression.Not(Build(not.Inner)),
            PresentNode p => present(p, parameter),
            CompareNode c => compare(c, parameter),
            _ => throw new InvalidOperationException(),
        };
        return Expression.Lambda<Func<T, bool>>(Build(node), parameter);
    }

    /// <summary>A string column compared with eq, ne, co, sw or ew; <paramref name="value"/> is already in the column's case.</summary>
    public static Expression Text(Expression column, string value, CompareNode c)
    {
        var constant = Expression.Constant(value);
        Expression Has(string method) => Expression.AndAlso(NotNull(column), Expression.Call(column, method, null, constant));
        return c.Operator switch
        {
            "eq" => Expression.Equal(column, constant),
            "ne" => Expression.NotEqual(column, constant),
            "co" => Has(nameof(string.Contains)),
            "sw" => Has(nameof(string.StartsWith)),
            "ew" => Has(nameof(string.EndsWith)),
            _ => throw ScimException.InvalidFilter($"'{c.Operator}' is not supported on {c.Attribute}; use eq, ne, co, sw, ew or pr."),
        };
    }

    /// <summary><c>id eq "…"</c>: ids are GUIDs; anything else matches nothing (or everything, for ne).</summary>
    public static Expression Id(Expression column, CompareNode c)
    {
        if (c.Operator is not ("eq" or "ne"))
        {
            throw ScimException.InvalidFilter("id is compared with eq or ne.");
        }
        var matches = Guid.TryParse(QuotedString(c), out var id)
            ? Expression.Equal(column, Expression.Constant(id))
            : (Expression)Expression.Constant(false);
        return c.Operator == "eq" ? matches : Expression.Not(matches);
    }

    public static string QuotedString(CompareNode c) =>
        c.Value as string ?? throw ScimException.InvalidFilter($"{c.Attribute} is compared with a quoted string.");

    public static Expression Lower(Expression column) => Expression.Call(column, ToLowerMethod);

    public static BinaryExpression NotNull(Expression e) => Expression.NotEqual(e, Expression.Constant(null, typeof(string)));

    private static readonly System.Reflection.MethodInfo ToLowerMethod = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
}

/// <summary>Turns a filter into a database query over accounts; the attributes Doorman stores in columns can be filtered.</summary>
public static class ScimUserFilter
{
    public static Expression<Func<Account, bool>> ToExpression(FilterNode node) => FilterExpressions.Lambda<Account>(node, Present, Compare);

    private static Expression Present(PresentNode p, ParameterExpression a) => p.Attribute switch
    {
        "externalId" => FilterExpressions.NotNull(Expression.Property(a, nameof(Account.ScimExternalId))),
        "displayName" => FilterExpressions.NotNull(Expression.Property(a, nameof(Account.Name))),
        "userName" or "emails" or "emails.value" or "active" or "id" => Expression.Constant(true),
        _ => throw Unfilterable(p.Attribute),
    };

    private static Expression Compare(CompareNode c, ParameterExpression a)
    {
        if (c.Attribute == "active")
        {
            if (c.Value is not bool active || c.Operator is not ("eq" or "ne"))
            {
                throw ScimException.InvalidFilter("active is compared with eq or ne and true or false.");
            }
            var isActive = Expression.Equal(Expression.Property(a, nameof(Account.Status)), Expression.Constant(AccountStatus.Active));
            return (active ^ c.Operator == "ne") ? isActive : Expression.Not(isActive);
        }
        if (c.Attribute == "id")
        {
            return FilterExpressions.Id(Expression.Property(a, nameof(Account.Id)), c);
        }
        var text = FilterExpressions.QuotedString(c);
        // userName, emails and displayName compare ignoring case (caseExact false); externalId exactly.
        return c.Attribute switch
        {
            "userName" when c.Operator == "eq" => UserNameEquals(a, EmailAddress.Normalize(text)),
            "userName" => FilterExpressions.Text(UserNameColumn(a), EmailAddress.Normalize(text), c),
            "emails" or "emails.value" => FilterExpressions.Text(Expression.Property(a, nameof(Account.NormalizedEmail)), EmailAddress.Normalize(text), c),
            "displayName" => FilterExpressions.Text(FilterExpressions.Lower(Expression.Property(a, nameof(Account.Name))), text.ToLowerInvariant(), c),
            "externalId" => FilterExpressions.Text(Expression.Property(a, nameof(Account.ScimExternalId)), text, c),
            _ => throw Unfilterable(c.Attribute),
        };
    }

    /// <summary>
    /// <c>userName eq</c>, the lookup every provisioning client sends before creating a user, spelled so that both
    /// columns' indexes serve it.
    /// </summary>
    private static Expression UserNameEquals(ParameterExpression a, string value)
    {
        var scimUserName = Expression.Property(a, nameof(Account.NormalizedScimUserName));
        return Expression.OrElse(
            Expression.Equal(scimUserName, Expression.Constant(value)),
            Expression.AndAlso(Expression.Equal(scimUserName, Expression.Constant(null, typeof(string))),
                Expression.Equal(Expression.Property(a, nameof(Account.NormalizedEmail)), Expression.Constant(value))));
    }

    /// <summary>An account created before SCIM answers to its email as userName.</summary>
    private static Expression UserNameColumn(ParameterExpression a) =>
        Expression.Coalesce(Expression.Property(a, nameof(Account.NormalizedScimUserName)), Expression.Property(a, nameof(Account.NormalizedEmail)));

    private static ScimException Unfilterable(string attribute) => ScimException.InvalidFilter(
        $"Filtering on '{attribute}' is not supported; filter on userName, externalId, emails.value, displayName, active or id.");
}

/// <summary>Filters over groups: displayName (ignoring case), externalId, id and <c>members.value</c> (a member's user id).</summary>
public static class ScimGroupFilter
{
    public static Expression<Func<ScimGroup, bool>> ToExpression(FilterNode node) => FilterExpressions.Lambda<ScimGroup>(node, Present, Compare);

    private static Expression Present(PresentNode p, ParameterExpression g) => p.Attribute switch
    {
        "externalId" => FilterExpressions.NotNull(Expression.Property(g, nameof(ScimGroup.ExternalId))),
        "members" or "members.value" => Rebind(g, group => group.Members.Any()),
        "displayName" or "id" => Expression.Constant(true),
        _ => throw Unfilterable(p.Attribute),
    };

    private static Expression Compare(CompareNode c, ParameterExpression g)
    {
        if (c.Attribute == "id")
        {
            return FilterExpressions.Id(Expression.Property(g, nameof(ScimGroup.Id)), c);
        }
        var text = FilterExpressions.QuotedString(c);
        switch (c.Attribute)
        {
            case "displayName":
                return FilterExpressions.Text(Expression.Property(g, nameof(ScimGroup.NormalizedDisplayName)), text.ToUpperInvariant(), c);
            case "externalId":
                return FilterExpressions.Text(Expression.Property(g, nameof(ScimGroup.ExternalId)), text, c);
            case "members" or "members.value" when c.Operator is "eq" or "ne":
                var id = Guid.TryParse(text, out var parsed) ? parsed : Guid.Empty;
                var has = Rebind(g, group => group.Members.Any(m => m.AccountId == id));
                return c.Operator == "eq" ? has : Expression.Not(has);
            case "members" or "members.value":
                throw ScimException.InvalidFilter("members.value is compared with eq or ne.");
            default:
                throw Unfilterable(c.Attribute);
        }
    }

    private static Expression Rebind(ParameterExpression g, Expression<Func<ScimGroup, bool>> predicate) =>
        ReplacingExpressionVisitor.Replace(predicate.Parameters[0], g, predicate.Body);

    private static ScimException Unfilterable(string attribute) => ScimException.InvalidFilter(
        $"Filtering groups on '{attribute}' is not supported; filter on displayName, externalId, id or members.value.");
}
