using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Doorman.Data;
using Doorman.Data.Entities;

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

/// <summary>Turns a filter into a database query over accounts; the attributes Doorman stores in columns can be filtered.</summary>
public static class ScimUserFilter
{
    public static Expression<Func<Account, bool>> ToExpression(FilterNode node)
    {
        var account = Expression.Parameter(typeof(Account), "a");
        return Expression.Lambda<Func<Account, bool>>(Build(node, account), account);
    }

    private static Expression Build(FilterNode node, ParameterExpression a) => node switch
    {
        LogicalNode { Operator: "and" } l => Expression.AndAlso(Build(l.Left, a), Build(l.Right, a)),
        LogicalNode l => Expression.OrElse(Build(l.Left, a), Build(l.Right, a)),
        NotNode n => Expression.Not(Build(n.Inner, a)),
        PresentNode p => Present(p.Attribute, a),
        CompareNode c => Compare(c, a),
        _ => throw new InvalidOperationException(),
    };

    private static Expression Present(string attribute, ParameterExpression a) => attribute switch
    {
        "externalId" => NotNull(Property(a, nameof(Account.ScimExternalId))),
        "displayName" => NotNull(Property(a, nameof(Account.Name))),
        "userName" or "emails" or "emails.value" or "active" or "id" => Expression.Constant(true),
        _ => throw Unfilterable(attribute),
    };

    private static Expression Compare(CompareNode c, ParameterExpression a)
    {
        if (c.Attribute == "active")
        {
            if (c.Value is not bool active || c.Operator is not ("eq" or "ne"))
            {
                throw ScimException.InvalidFilter("active is compared with eq or ne and true or false.");
            }
            var isActive = Expression.Equal(Property(a, nameof(Account.Status)), Expression.Constant(AccountStatus.Active));
            return (active ^ c.Operator == "ne") ? isActive : Expression.Not(isActive);
        }
        if (c.Value is not string text)
        {
            throw ScimException.InvalidFilter($"{c.Attribute} is compared with a quoted string.");
        }
        if (c.Attribute == "id")
        {
            return c.Operator == "eq" && Guid.TryParse(text, out var id)
                ? Expression.Equal(Property(a, nameof(Account.Id)), Expression.Constant(id))
                : Expression.Constant(c.Operator == "ne");
        }
        // userName, emails and displayName compare ignoring case (caseExact false); externalId exactly.
        var (column, value) = c.Attribute switch
        {
            "userName" => (UserNameColumn(a), EmailAddress.Normalize(text)),
            "emails" or "emails.value" => (Property(a, nameof(Account.NormalizedEmail)), EmailAddress.Normalize(text)),
            "displayName" => (Expression.Call(Property(a, nameof(Account.Name)), ToLower), text.ToLowerInvariant()),
            "externalId" => (Property(a, nameof(Account.ScimExternalId)), text),
            _ => throw Unfilterable(c.Attribute),
        };
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

    /// <summary>An account created before SCIM answers to its email as userName.</summary>
    private static Expression UserNameColumn(ParameterExpression a) =>
        Expression.Coalesce(Property(a, nameof(Account.NormalizedScimUserName)), Property(a, nameof(Account.NormalizedEmail)));

    private static readonly System.Reflection.MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;

    private static MemberExpression Property(ParameterExpression a, string name) => Expression.Property(a, name);

    private static BinaryExpression NotNull(Expression e) => Expression.NotEqual(e, Expression.Constant(null, typeof(string)));

    private static ScimException Unfilterable(string attribute) => ScimException.InvalidFilter(
        $"Filtering on '{attribute}' is not supported; filter on userName, externalId, emails.value, displayName, active or id.");
}
