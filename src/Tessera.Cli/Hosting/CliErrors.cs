using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;

namespace Tessera.Cli.Hosting;

/// <summary>Turns an exception that ended a command into one <c>error:</c> line on stderr and an exit code.</summary>
internal static class CliErrors
{
    /// <summary>Reports <paramref name="exception"/> and picks the exit code.</summary>
    /// <param name="exception">What ended the command.</param>
    /// <param name="console">The CLI's consoles.</param>
    /// <param name="args">The command line (to name the option a bad value was given to).</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Report(Exception exception, CliConsole console, IReadOnlyList<string> args)
    {
        var verbose = args.Contains("--verbose");
        var inner = Unwrap(exception);
        var code = ExitCodeOf(inner);
        if (code == ExitCodes.Cancelled)
        {
            console.Info("cancelled");
            return code;
        }
        console.Error(Describe(inner, args));
        if (verbose)
        {
            console.Err.WriteException(inner, ExceptionFormats.Default);
        }
        return code;
    }

    /// <summary>The exception that says what went wrong (Spectre and parallel loops wrap the real one).</summary>
    /// <param name="exception">The exception caught.</param>
    /// <returns>The innermost meaningful exception.</returns>
    internal static Exception Unwrap(Exception exception)
    {
        var e = exception;
        while (true)
        {
            switch (e)
            {
                case CommandRuntimeException { InnerException: { } inner }:
                    e = inner;
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    e = aggregate.InnerExceptions[0];
                    continue;
                default:
                    return e;
            }
        }
    }

    /// <summary>Exit code for an (unwrapped) exception.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>2 for bad usage or input, 130 for cancellation, 1 otherwise.</returns>
    internal static int ExitCodeOf(Exception exception) => exception switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        _ when SpectreMessages.IsValueConversion(exception) => ExitCodes.BadUsage,
        TesseraArgumentException or TesseraFormatException or FileNotFoundException or DirectoryNotFoundException
            or CommandParseException or CommandRuntimeException or CommandConfigurationException => ExitCodes.BadUsage,
        _ when exception.GetType().Namespace?.StartsWith("Tessera.Core.Errors", StringComparison.Ordinal) == true => ExitCodes.BadUsage,
        _ => ExitCodes.Failed,
    };

    /// <summary>The message of the <c>error:</c> line: Spectre's parse and conversion messages are rewritten to name
    /// the option and the rule, in lower case.</summary>
    /// <param name="exception">The (unwrapped) exception.</param>
    /// <param name="args">The command line.</param>
    /// <returns>One line of text, without the <c>error:</c> prefix.</returns>
    internal static string Describe(Exception exception, IReadOnlyList<string> args)
    {
        var message = exception.Message.ReplaceLineEndings(" ").Trim();
        if (exception is CommandParseException or CommandRuntimeException || SpectreMessages.IsValueConversion(exception))
        {
            message = SpectreMessages.Rewrite(message, args);
        }
        return message.Length > 0 && char.IsUpper(message[0]) && (message.Length == 1 || !char.IsUpper(message[1]))
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
    }
}
