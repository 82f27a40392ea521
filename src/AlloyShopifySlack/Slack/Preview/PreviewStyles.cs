using System.Security.Cryptography;

namespace AlloyShopifySlack.Slack.Preview;

/// <summary>
/// The page's only style sheet, inline: Slack's message look with local fonts only. The Content-Security-Policy
/// allows exactly this sheet (by its hash) and nothing else: no scripts, images, fonts or requests.
/// </summary>
internal static class PreviewStyles
{
    public const string Css = @"
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f4;color:#1d1c1d;
font:15px/1.46668 Slack-Lato,Lato,'Helvetica Neue',Helvetica,'Segoe UI',Arial,sans-serif,'Apple Color Emoji','Segoe UI Emoji',
  'Noto Color Emoji'}
main{max-width:860px;margin:0 auto;padding:16px}
.page-head h1{font-size:20px;margin:8px 0 2px}
.page-head p{margin:0 0 12px;color:#616061;font-size:13px}
.card{background:#fff;border:1px solid #e2e2e2;border-radius:8px;margin:0 0 16px;overflow:hidden}
.caption{font-size:12px;color:#616061;padding:8px 20px;border-bottom:1px solid #eee;background:#fafafa}
.msg{display:flex;gap:8px;padding:8px 20px 12px}
.avatar{flex:0 0 36px;width:36px;height:36px;border-radius:6px;background:#4a154b;color:#fff;font-weight:700;display:flex;
align-items:center;justify-content:center;margin-top:4px}
.body{flex:1;min-width:0}
.meta{display:flex;align-items:baseline;gap:6px}
.app{font-weight:900}
.badge{font-size:10px;font-weight:700;color:rgba(29,28,29,.7);background:rgba(29,28,29,.13);border-radius:2px;padding:1px 3px}
.time{font-size:12px;color:#616061}
.blocks{overflow-wrap:anywhere}
.b-header{font-size:18px;font-weight:900;line-height:1.33;margin:6px 0 4px}
.b-section{display:flex;gap:12px;margin:4px 0}
.s-main{flex:1;min-width:0}
.s-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
.s-text+.s-fields{margin-top:8px}
.b-context{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;font-size:12px;color:#616061;margin:4px 0}
.b-divider{border:0;border-top:1px solid #dddddd;margin:12px 0}
.b-actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 4px}
.b-image,.b-unknown{margin:4px 0;padding:8px;border:1px dashed #cfcfcf;border-radius:4px;color:#616061;font-size:13px}
.btn{display:inline-flex;align-items:center;height:28px;padding:0 12px;border:1px solid rgba(29,28,29,.3);border-radius:4px;
background:#fff;color:#1d1c1d;font-size:13px;font-weight:700;text-decoration:none;white-space:nowrap}
.btn-primary{background:#007a5a;border-color:#007a5a;color:#fff}
.btn-danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.el-other{display:inline-flex;align-items:center;height:28px;padding:0 12px;border:1px solid rgba(29,28,29,.3);border-radius:4px;
color:#616061;font-size:13px}
.ml.empty{min-height:1.2em}
.mq{border-left:4px solid #dddddd;padding-left:12px;margin:2px 0}
.mli{display:flex}
.mli.d1{padding-left:20px}.mli.d2{padding-left:40px}.mli.d3{padding-left:60px}
.mlm{flex:0 0 auto;white-space:pre}
.plain{white-space:pre-wrap}
code,.mpre{font-family:Monaco,Menlo,Consolas,'Courier New',monospace;font-size:12px;background:rgba(29,28,29,.04);
border:1px solid rgba(29,28,29,.13);border-radius:3px}
code{color:#e01e5a;padding:2px 3px}
.mpre{white-space:pre-wrap;padding:8px;margin:4px 0}
a{color:#1264a3;text-decoration:none}
a:hover{text-decoration:underline}
.mention{color:#1264a3;background:rgba(29,155,209,.1);border-radius:3px;padding:0 2px}
.mspecial{font-family:Monaco,Menlo,Consolas,monospace;font-size:13px;background:#fff4d6;border:1px dashed #c99400;border-radius:3px;
padding:0 3px}
.mdate{border-bottom:1px dotted #999}
.img-alt{font-style:italic}
.problem{padding:12px 20px;color:#a3153d}
.foot{border-top:1px solid #eee;padding:6px 20px 8px;font-size:12px;color:#616061}
.foot div{margin:2px 0}
.none{padding:24px;text-align:center;color:#616061}
";

    /// <summary>The CSP source that allows exactly <see cref="Css"/>.</summary>
    public static readonly string HashSource = "'sha256-" + Convert.ToBase64String(Sha256(Encoding.UTF8.GetBytes(Css))) + "'";

    private static byte[] Sha256(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(bytes);
    }
}
