using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AlloyShopifySlack.Tests.Setup;

/// <summary>A PowerShell host whose user types prepared answers: lines for Read-Host, secrets for -AsSecureString prompts.</summary>
public sealed class ScriptedHost : PSHost
{
    private readonly ScriptedUi _ui;

    public ScriptedHost(IEnumerable<string> lines, IEnumerable<string> secrets) { _ui = new ScriptedUi(lines, secrets); }

    public IReadOnlyList<string> Prompts => _ui.Prompts;
    public IReadOnlyList<string> SecretPrompts => _ui.SecretPrompts;
    public string Screen => _ui.Screen.ToString();

    public override string Name => "ScriptedHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class ScriptedUi : PSHostUserInterface
    {
        private readonly Queue<string> _lines;
        private readonly Queue<string> _secrets;
        private string _pending = string.Empty;

        public ScriptedUi(IEnumerable<string> lines, IEnumerable<string> secrets)
        {
            _lines = new Queue<string>(lines);
            _secrets = new Queue<string>(secrets);
        }

        public List<string> Prompts { get; } = new();
        public List<string> SecretPrompts { get; } = new();
        public System.Text.StringBuilder Screen { get; } = new();

        public override PSHostRawUserInterface? RawUI => null;

        public override string ReadLine()
        {
            lock (Screen) Prompts.Add(_pending.Trim());
            return _lines.Count > 0 ? _lines.Dequeue() : throw new InvalidOperationException("The scripted user has no more answers.");
        }

        public override SecureString ReadLineAsSecureString()
        {
            lock (Screen) SecretPrompts.Add(_pending.Trim());
            var secure = new SecureString();
            foreach (var c in _secrets.Dequeue()) secure.AppendChar(c);
            return secure;
        }

        public override void Write(string value) { lock (Screen) { Screen.Append(value); _pending = value; } }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) { lock (Screen) Screen.AppendLine(value); }
        public override void WriteErrorLine(string value) => WriteLine(value);
        public override void WriteDebugLine(string message) => WriteLine(message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => WriteLine(message);
        public override void WriteWarningLine(string message) => WriteLine(message);
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices,
            int defaultChoice) => defaultChoice;
    }
}
