// Generated from web/ by `VIGIL_UPDATE_GOLDEN=1 swift test --filter WebAssetsTests`. Do not edit.

extension WebAssets {
    /// File name to contents.
    static let embedded: [String: String] = [
        "chart.css": #"""
/* Vigil chart styles: shared by pages (after vigil.css) and embedded in standalone SVGs. */
.vg{--bg:#ffffff;--text:#24292e;--muted:#6e7781;--grid:rgba(36,41,46,.1);--axis:#6e7781;--band:#8e8e8e}
@media (prefers-color-scheme:dark){.vg:not(.light){--bg:#181b1f;--text:#d8d9da;--muted:#8e8e9a;--grid:rgba(204,204,220,.09);--axis:#8e8e9a;--band:#8e8e9a}}
.vg.dark{--bg:#181b1f;--text:#d8d9da;--muted:#8e8e9a;--grid:rgba(204,204,220,.09);--axis:#8e8e9a;--band:#8e8e9a}
.vg .bg{fill:var(--bg)}
.vg .ttl{fill:var(--text);font-size:13px;font-weight:500}
.vg .lgt{fill:var(--text);font-size:11px}
.vg .nd{fill:var(--muted);font-size:13px}
.plot{overflow:hidden}
.plot path,.plot rect{vector-effect:non-scaling-stroke}
.plot .grid{fill:none;stroke:var(--grid);stroke-width:1;shape-rendering:crispEdges}
.plot .ln{fill:none;stroke-width:1.5;stroke-linejoin:round;stroke-linecap:round}
.plot .pt{fill:none;stroke-width:5;stroke-linecap:round}
.plot .fill{stroke:none}
.plot .band{fill:var(--band);fill-opacity:.28;stroke:none}
.plot .thl{fill:none;stroke-width:1.25;stroke-dasharray:6 4}
.plot .tha{fill-opacity:.1;stroke:none}
.plot .hv rect{fill:transparent;stroke:none}
.plot .cell{stroke:none;shape-rendering:crispEdges}
.ya text,.xa text{fill:var(--axis);font-size:11px;font-variant-numeric:tabular-nums}
.ya text{text-anchor:end}
.xa text{text-anchor:middle}
.xa text.s{text-anchor:start}
.xa text.e{text-anchor:end}
"""#,
        "favicon.svg": #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f2430"/><path d="M4 17h6l3-8 5 15 3-7h7" fill="none" stroke="#73bf69" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>
"""#,
        "vigil.css": #"""
/* Vigil pages. One set of colours for both themes (light-dark()): the html element's
   data-theme (from the theme cookie) fixes the scheme, prefers-color-scheme decides otherwise. */
:root{
  color-scheme:light dark;
  --bg:light-dark(#f4f5f5,#111217);
  --panel:light-dark(#ffffff,#181b1f);
  --raised:light-dark(#f7f8fa,#22252b);
  --border:light-dark(#e1e4e8,#2a2d33);
  --border-strong:light-dark(#c9ced6,#3b3f46);
  --text:light-dark(#24292e,#d8d9da);
  --muted:light-dark(#6e7781,#8e8e9a);
  --faint:light-dark(#9aa1a9,#6c6f78);
  --link:light-dark(#1f62e0,#6e9fff);
  --accent:#3d71d9;
  --hover:light-dark(rgba(36,41,46,.06),rgba(204,204,220,.07));
  --grid:light-dark(rgba(36,41,46,.09),rgba(204,204,220,.08));
  --axis:light-dark(#6e7781,#8e8e9a);
  --band:light-dark(#8e8e8e,#8e8e9a);
  --ok:light-dark(#1a7f37,#73bf69);
  --ok-bg:light-dark(rgba(26,127,55,.1),rgba(115,191,105,.13));
  --bad:light-dark(#cf222e,#ff5f6d);
  --bad-bg:light-dark(rgba(207,34,46,.09),rgba(242,73,92,.14));
  --warn:light-dark(#bf6a02,#ff9830);
  --warn-bg:light-dark(rgba(191,106,2,.1),rgba(255,152,48,.13));
  --info-bg:light-dark(rgba(61,113,217,.08),rgba(87,148,242,.12));
  --code-bg:light-dark(#f0f2f4,#22252b);
  --shadow:0 4px 16px light-dark(rgba(0,0,0,.12),rgba(0,0,0,.5));
}
:root[data-theme=light]{color-scheme:light}
:root[data-theme=dark]{color-scheme:dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 Inter,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif;font-feature-settings:"tnum" 0}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
code,pre,.mono,textarea.q{font-family:"JetBrains Mono","SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
h1{font-size:20px;font-weight:500;margin:0}
h2{font-size:15px;font-weight:500;margin:0}
.muted{color:var(--muted)}
.num{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}

/* Top bar */
.top{position:sticky;top:0;z-index:20;display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:var(--panel);border-bottom:1px solid var(--border)}
.brand{display:flex;align-items:center;gap:8px;color:var(--text);font-weight:600;font-size:15px;letter-spacing:.2px}
.brand:hover{text-decoration:none}
.brand svg{width:22px;height:22px}
.nav{display:flex;gap:2px;overflow-x:auto;scrollbar-width:none}
.nav a{color:var(--muted);padding:6px 10px;border-radius:4px;white-space:nowrap}
.nav a:hover{color:var(--text);background:var(--hover);text-decoration:none}
.nav a[aria-current=page]{color:var(--text);background:var(--hover);box-shadow:inset 0 -2px 0 var(--accent)}
.tools{margin-left:auto;display:flex;align-items:center;gap:6px}
main{padding:16px;max-width:2200px;margin:0 auto}

/* Buttons, menus (details/summary work without script) */
.btn,summary.btn{display:inline-flex;align-items:center;gap:6px;height:32px;padding:0 10px;border:1px solid var(--border-strong);border-radius:4px;background:var(--raised);color:var(--text);font:inherit;font-size:13px;cursor:pointer;white-space:nowrap;list-style:none}
summary.btn::-webkit-details-marker{display:none}
.btn:hover{background:var(--hover);text-decoration:none;border-color:var(--faint)}
.btn.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.btn.icon{width:32px;padding:0;justify-content:center}
.btn svg{width:14px;height:14px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
.group{display:inline-flex}
.group>.btn:not(:first-child){border-left:0;border-top-left-radius:0;border-bottom-left-radius:0}
.group>.btn:not(:last-child){border-top-right-radius:0;border-bottom-right-radius:0}
.menu{position:relative}
.menu>div{position:absolute;right:0;top:38px;z-index:30;min-width:180px;padding:6px;background:var(--panel);border:1px solid var(--border-strong);border-radius:6px;box-shadow:var(--shadow)}
.menu a.item{display:block;padding:5px 10px;border-radius:4px;color:var(--text);white-space:nowrap}
.menu a.item:hover,.menu a.item[aria-current=true]{background:var(--hover);text-decoration:none}
.menu a.item[aria-current=true]{box-shadow:inset 2px 0 0 var(--accent)}
.picker>div{display:flex;gap:12px;min-width:520px}
.picker form{display:flex;flex-direction:column;gap:8px;padding:6px;min-width:250px;border-right:1px solid var(--border)}
.picker ul{list-style:none;margin:0;padding:0;columns:1;max-height:340px;overflow:auto;flex:1}
label.f{display:flex;flex-direction:column;gap:3px;font-size:12px;color:var(--muted)}
input,select,textarea{font:inherit;font-size:13px;color:var(--text);background:var(--bg);border:1px solid var(--border-strong);border-radius:4px;padding:5px 8px}
input:focus,select:focus,textarea:focus{outline:2px solid var(--accent);outline-offset:-1px}

/* Page headings */
.ptitle{display:flex;align-items:center;flex-wrap:wrap;gap:10px 16px;margin:0 0 14px}
.ptitle .sub{color:var(--muted);font-size:13px}
.tags{display:inline-flex;gap:4px;flex-wrap:wrap}
.tag{display:inline-block;padding:1px 7px;border-radius:3px;font-size:11.5px;background:var(--info-bg);color:var(--link)}

/* Variables bar */
.vars{display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px;margin:0 0 12px}
.vars label{display:inline-flex;align-items:stretch;border:1px solid var(--border-strong);border-radius:4px;overflow:hidden;font-size:13px;background:var(--raised)}
.vars label>span{display:flex;align-items:center;padding:0 8px;color:var(--muted);border-right:1px solid var(--border-strong)}
.vars select,.vars input{border:0;border-radius:0;height:30px;background:var(--panel);max-width:320px}
.vars .var{display:inline-flex;align-items:stretch;border:1px solid var(--border-strong);border-radius:4px;font-size:13px;background:var(--raised)}
.vars .var>span{display:flex;align-items:center;padding:0 8px;color:var(--muted);border-right:1px solid var(--border-strong)}
.vars .ms>summary{display:flex;align-items:center;gap:6px;height:30px;padding:0 10px;background:var(--panel);cursor:pointer;list-style:none;white-space:nowrap;border-radius:0 4px 4px 0}
.vars .ms>summary::-webkit-details-marker{display:none}
.vars .ms>summary::after{content:"";border:4px solid transparent;border-top-color:var(--muted);transform:translateY(2px)}
.vars .ms>div{left:0;right:auto;top:34px;max-height:360px;overflow:auto;display:flex;flex-direction:column;gap:1px}
.vars .ms .btn{margin-top:6px}
.chk{display:flex;align-items:center;gap:8px;padding:4px 8px;border-radius:3px;cursor:pointer;white-space:nowrap}
.chk:hover{background:var(--hover)}
.chk input{margin:0;accent-color:var(--accent)}

/* Dashboard grid: 24 columns, 30 px rows, as Grafana's */
.row{margin:0 0 8px}
.row>summary{display:flex;align-items:center;gap:8px;padding:8px 2px;font-size:15px;font-weight:500;cursor:pointer;list-style:none;border-bottom:1px solid var(--border);margin-bottom:8px}
.row>summary::-webkit-details-marker{display:none}
.row>summary::before{content:"";width:0;height:0;border:5px solid transparent;border-left-color:var(--muted);transform:translateX(2px)}
.row[open]>summary::before{transform:translate(0,3px) rotate(90deg)}
.row>summary small{color:var(--muted);font-weight:400;font-size:12px}
.grid24{display:grid;grid-template-columns:repeat(24,minmax(0,1fr));grid-auto-rows:30px;grid-auto-flow:row dense;gap:8px}
.panel{position:relative;display:flex;flex-direction:column;min-width:0;min-height:0;background:var(--panel);border:1px solid var(--border);border-radius:4px;overflow:hidden}
.ph{display:flex;align-items:center;gap:6px;height:32px;padding:0 6px 0 10px;flex-shrink:0}
.ph h2{flex:1;min-width:0;font-size:13.5px;font-weight:500;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ph .info{color:var(--muted);cursor:help;font-size:12px}
.pa{display:flex;gap:2px;opacity:0;transition:opacity .12s}
.panel:hover .pa,.panel:focus-within .pa{opacity:1}
.pa a{display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;border-radius:3px;color:var(--muted)}
.pa a:hover{background:var(--hover);color:var(--text);text-decoration:none}
.pa svg{width:14px;height:14px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
.pb{position:relative;flex:1;min-height:0;display:flex;flex-direction:column;padding:0 8px 8px}
.perr{position:absolute;top:6px;right:8px;z-index:2;max-width:70%;padding:3px 8px;border-radius:3px;background:var(--bad-bg);color:var(--bad);font-size:12px;white-space:pre-wrap;overflow:hidden;text-overflow:ellipsis}
.pcenter{flex:1;display:flex;align-items:center;justify-content:center;color:var(--muted);text-align:center;padding:8px}
.pcenter.err{color:var(--bad);white-space:pre-wrap;font-family:"JetBrains Mono",Menlo,Consolas,monospace;font-size:12px}
/* Panel sizes: .wN spans N of 24 columns, .hN spans N rows of 30 px. */
.w1{grid-column:span 1}.w2{grid-column:span 2}.w3{grid-column:span 3}.w4{grid-column:span 4}.w5{grid-column:span 5}.w6{grid-column:span 6}.w7{grid-column:span 7}.w8{grid-column:span 8}.w9{grid-column:span 9}.w10{grid-column:span 10}.w11{grid-column:span 11}.w12{grid-column:span 12}.w13{grid-column:span 13}.w14{grid-column:span 14}.w15{grid-column:span 15}.w16{grid-column:span 16}.w17{grid-column:span 17}.w18{grid-column:span 18}.w19{grid-column:span 19}.w20{grid-column:span 20}.w21{grid-column:span 21}.w22{grid-column:span 22}.w23{grid-column:span 23}.w24{grid-column:span 24}
.h2{grid-row:span 2}.h3{grid-row:span 3}.h4{grid-row:span 4}.h5{grid-row:span 5}.h6{grid-row:span 6}.h7{grid-row:span 7}.h8{grid-row:span 8}.h9{grid-row:span 9}.h10{grid-row:span 10}.h11{grid-row:span 11}.h12{grid-row:span 12}.h13{grid-row:span 13}.h14{grid-row:span 14}.h15{grid-row:span 15}.h16{grid-row:span 16}.h17{grid-row:span 17}.h18{grid-row:span 18}.h19{grid-row:span 19}.h20{grid-row:span 20}.h21{grid-row:span 21}.h22{grid-row:span 22}.h23{grid-row:span 23}.h24{grid-row:span 24}.h25{grid-row:span 25}.h26{grid-row:span 26}.h27{grid-row:span 27}.h28{grid-row:span 28}.h29{grid-row:span 29}.h30{grid-row:span 30}.h31{grid-row:span 31}.h32{grid-row:span 32}.h33{grid-row:span 33}.h34{grid-row:span 34}.h35{grid-row:span 35}.h36{grid-row:span 36}.h37{grid-row:span 37}.h38{grid-row:span 38}.h39{grid-row:span 39}.h40{grid-row:span 40}.h41{grid-row:span 41}.h42{grid-row:span 42}.h43{grid-row:span 43}.h44{grid-row:span 44}.h45{grid-row:span 45}.h46{grid-row:span 46}.h47{grid-row:span 47}.h48{grid-row:span 48}.h49{grid-row:span 49}.h50{grid-row:span 50}.h51{grid-row:span 51}.h52{grid-row:span 52}.h53{grid-row:span 53}.h54{grid-row:span 54}.h55{grid-row:span 55}.h56{grid-row:span 56}.h57{grid-row:span 57}.h58{grid-row:span 58}.h59{grid-row:span 59}.h60{grid-row:span 60}
@media (max-width:1100px){.grid24>.panel.w1,.grid24>.panel.w2,.grid24>.panel.w3,.grid24>.panel.w4,.grid24>.panel.w5,.grid24>.panel.w6{grid-column:span 8}.grid24>.panel.w7,.grid24>.panel.w8,.grid24>.panel.w9,.grid24>.panel.w10,.grid24>.panel.w11{grid-column:span 12}}
@media (max-width:760px){.grid24>.panel{grid-column:1/-1!important}main{padding:8px}.top{flex-wrap:wrap;height:auto;gap:4px 8px;padding:6px 8px}.brand span{display:none}.nav{order:3;flex-basis:100%}.picker>div{min-width:0;flex-direction:column;right:auto;left:-60px}}

/* A panel alone on its page */
.panel.solo{height:calc(100vh - 250px);min-height:380px}
.perr.nd{top:42%;left:50%;right:auto;transform:translateX(-50%);background:none;color:var(--muted);font-size:13px}

/* Time series */
.tsw{flex:1;min-height:0;display:flex;flex-direction:column;gap:6px}
.tsw.lr{flex-direction:row}
.ts{flex:1;min-height:40px;min-width:0;display:grid;grid-template-rows:minmax(0,1fr) 18px}
.ts>svg{display:block;width:100%;height:100%}
.ts .ya,.ts .xa{overflow:visible}
.ts .plot{cursor:crosshair}
.yw2{grid-template-columns:24px minmax(0,1fr)}.yw3{grid-template-columns:30px minmax(0,1fr)}.yw4{grid-template-columns:37px minmax(0,1fr)}
.yw5{grid-template-columns:43px minmax(0,1fr)}.yw6{grid-template-columns:50px minmax(0,1fr)}.yw7{grid-template-columns:57px minmax(0,1fr)}
.yw8{grid-template-columns:63px minmax(0,1fr)}.yw9{grid-template-columns:70px minmax(0,1fr)}.yw10{grid-template-columns:76px minmax(0,1fr)}
.yw11{grid-template-columns:83px minmax(0,1fr)}.yw12{grid-template-columns:90px minmax(0,1fr)}.yw13{grid-template-columns:96px minmax(0,1fr)}
.yw14{grid-template-columns:103px minmax(0,1fr)}
.lg{flex-shrink:0;max-height:42%;overflow:auto;font-size:12px}
.tsw.lr .lg{max-height:none;width:38%;max-width:420px}
.lg table{width:100%;border-collapse:collapse}
.lg th{position:sticky;top:0;background:var(--panel);color:var(--muted);font-weight:500;text-align:right;padding:2px 6px;white-space:nowrap}
.lg th:first-child{text-align:left;width:100%}
.lg td{padding:1px 6px;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.lg td:first-child{text-align:left;max-width:0;overflow:hidden;text-overflow:ellipsis}
.lg tr:hover td{background:var(--hover)}
.lg tr.sum td{color:var(--muted);font-style:italic}
.sw{display:inline-block;width:12px;height:3px;border-radius:1.5px;vertical-align:3px;margin-right:6px;flex-shrink:0}
.sw.bd{height:9px;vertical-align:-1px;opacity:.4;border-radius:2px}
.lgl{display:flex;flex-wrap:wrap;gap:2px 14px;margin:0;padding:0;list-style:none;font-size:12px;max-height:30%;overflow:auto;flex-shrink:0}
.lgl li{display:flex;align-items:center;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}

/* Stat */
.stats{flex:1;min-height:0;display:grid;gap:6px;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));grid-auto-rows:minmax(0,1fr)}
.stat{position:relative;container-type:size;display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:0;border-radius:3px;overflow:hidden}
.stat .v{position:relative;z-index:1;font-size:min(50cqh,calc(150cqi / var(--n,4)));font-weight:500;line-height:1.05;white-space:nowrap;font-variant-numeric:tabular-nums}
.stat .v small{font-size:.55em;font-weight:400;margin-left:.12em}
.stat .n{position:relative;z-index:1;font-size:min(13px,14cqh);color:var(--muted);max-width:95%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.stat .spark{position:absolute;left:0;right:0;bottom:0;width:100%;height:38%}
.stat.sp .v{font-size:min(42cqh,calc(150cqi / var(--n,4)));margin-bottom:14cqh}
.stat.bgc .n{color:rgba(255,255,255,.85)}
.stat.bgc .v{color:#fff}

/* Gauge and bar gauge */
.gauges{flex:1;min-height:0;display:flex;gap:8px;align-items:stretch;justify-content:center}
.gauge{flex:1;min-width:0;min-height:0;display:flex;flex-direction:column;align-items:center}
.gauge svg{flex:1;width:100%;min-height:0}
.gauge .gv{font-size:26px;font-weight:500;font-variant-numeric:tabular-nums}
.gauge .gn{fill:var(--muted);font-size:13px}
.gauge .track{stroke:var(--grid);stroke-width:16;fill:none}
.gauge .marks{stroke-width:4;fill:none}
.bars{flex:1;min-height:0;display:flex;flex-direction:column;gap:6px;justify-content:center;overflow:auto}
.bar{display:grid;grid-template-columns:minmax(60px,28%) minmax(0,1fr) auto;align-items:center;gap:8px;font-size:12.5px}
.bar .bn{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:var(--muted)}
.bar svg{width:100%;height:18px;display:block}
.bar .track{fill:var(--hover)}
.bar .bv{font-weight:500;font-variant-numeric:tabular-nums;min-width:64px;text-align:right}
.bars.vertical{flex-direction:row;align-items:stretch}
.bars.vertical .bar{flex:1;grid-template-columns:1fr;grid-template-rows:auto minmax(0,1fr) auto;text-align:center}
.bars.vertical .bar svg{height:100%}

/* Tables */
.tbl{flex:1;min-height:0;overflow:auto}
table.data{width:100%;border-collapse:collapse;font-size:12.5px}
table.data th{position:sticky;top:0;z-index:1;background:var(--panel);text-align:left;font-weight:500;color:var(--muted);padding:6px 8px;border-bottom:1px solid var(--border);white-space:nowrap}
table.data th a{color:inherit}
table.data td{padding:5px 8px;border-bottom:1px solid var(--border);vertical-align:top;max-width:480px;overflow-wrap:anywhere}
table.data tr:hover td{background:var(--hover)}
table.data td.num,table.data th.num{text-align:right}
table.fixed{table-layout:fixed}
table.data td.cv{font-weight:500}
.card table.data th{background:var(--panel)}

/* Heatmap */
.hm{flex:1;min-height:0;display:flex;flex-direction:column;gap:4px}
.hmscale{display:flex;align-items:center;gap:6px;font-size:11px;color:var(--muted);justify-content:flex-end}
.hmscale svg{width:120px;height:8px}

/* Markdown text */
.md{flex:1;min-height:0;overflow:auto;font-size:13.5px;padding:2px 4px}
.md h1,.md h2,.md h3{margin:.4em 0 .3em;font-weight:500}
.md h1{font-size:18px}.md h2{font-size:16px}.md h3{font-size:14px}
.md p,.md ul,.md ol{margin:.35em 0}
.md ul,.md ol{padding-left:1.4em}
.md code{background:var(--code-bg);padding:1px 4px;border-radius:3px}
.md pre{background:var(--code-bg);padding:8px;border-radius:4px;overflow:auto}
.md pre code{padding:0;background:none}
.md table{border-collapse:collapse;margin:.4em 0}
.md th,.md td{border:1px solid var(--border);padding:3px 8px}
.md blockquote{margin:.4em 0;padding:0 10px;border-left:3px solid var(--border-strong);color:var(--muted)}
.md hr{border:0;border-top:1px solid var(--border)}

/* Cards, badges, status pages */
.cards{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));margin-bottom:16px}
.card{background:var(--panel);border:1px solid var(--border);border-radius:4px;padding:14px 16px;min-width:0}
.card>h2{margin:0 0 10px;display:flex;align-items:center;gap:8px}
.card>h2 a{color:var(--text)}
.card>h2 .count{margin-left:auto;color:var(--muted);font-weight:400;font-size:13px}
.section{background:var(--panel);border:1px solid var(--border);border-radius:4px;margin:0 0 14px;min-width:0}
.section>header{display:flex;align-items:center;flex-wrap:wrap;gap:8px 12px;padding:10px 14px;border-bottom:1px solid var(--border)}
.section>header h2{font-size:14.5px}
.section>header .sub{color:var(--muted);font-size:12.5px}
.section>header a.sub{color:var(--link)}
.section>.lg{padding:6px 8px;max-height:none}
.section>.body{padding:10px 14px;overflow:auto}
.section>table.data td:first-child,.section>table.data th:first-child{padding-left:14px}
.big{font-size:30px;font-weight:500;font-variant-numeric:tabular-nums;line-height:1.1}
.kpis{display:flex;gap:28px;flex-wrap:wrap}
.kpis .label{color:var(--muted);font-size:12.5px}
.badge{display:inline-flex;align-items:center;gap:5px;padding:1px 8px;border-radius:10px;font-size:11.5px;font-weight:600;letter-spacing:.3px;text-transform:uppercase;white-space:nowrap}
.badge::before{content:"";width:6px;height:6px;border-radius:50%;background:currentColor}
.badge.ok{color:var(--ok);background:var(--ok-bg)}
.badge.bad{color:var(--bad);background:var(--bad-bg)}
.badge.warn{color:var(--warn);background:var(--warn-bg)}
.badge.off{color:var(--muted);background:var(--hover)}
.chips{display:flex;flex-wrap:wrap;gap:3px}
.chip{display:inline-block;max-width:100%;padding:0 6px;border-radius:3px;background:var(--hover);font-size:11.5px;font-family:"JetBrains Mono",Menlo,Consolas,monospace;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.chip b{font-weight:500;color:var(--muted)}
.err-text{color:var(--bad);white-space:pre-wrap;overflow-wrap:anywhere}
.notice{padding:10px 14px;border-radius:4px;margin:0 0 14px;background:var(--info-bg);border:1px solid var(--border)}
.notice.bad{background:var(--bad-bg)}
.notice.warn{background:var(--warn-bg)}
.notice h3{margin:0 0 4px;font-size:14px;font-weight:500}
.notice ul{margin:4px 0 0;padding-left:18px}
.filters{display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin:0 0 12px}
.filters a.on{background:var(--hover);border-color:var(--faint)}
.list{list-style:none;margin:0;padding:0}
.list li{display:flex;align-items:center;gap:8px;padding:7px 0;border-bottom:1px solid var(--border);min-width:0}
.list li:last-child{border-bottom:0}
.list .grow{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;font-size:13px}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0;overflow-wrap:anywhere}
pre.config{margin:0;padding:12px 14px;overflow:auto;max-height:70vh;background:var(--code-bg);border-radius:0 0 4px 4px;line-height:1.5}
details.more>summary{cursor:pointer;color:var(--link);font-size:12.5px}

/* Explore */
.explore form{display:flex;flex-direction:column;gap:8px;margin:0 0 12px}
textarea.q{width:100%;min-height:68px;resize:vertical;line-height:1.5;padding:8px 10px;background:var(--panel)}
.exbar{display:flex;align-items:center;flex-wrap:wrap;gap:8px}
.exbar .grow{flex:1;min-width:200px}
.exbar label.f{flex-direction:row;align-items:center;gap:6px}
.tabs{display:flex;gap:0;border-bottom:1px solid var(--border);margin:0 0 0}
.tabs a{padding:8px 14px;color:var(--muted);border-bottom:2px solid transparent;margin-bottom:-1px}
.tabs a[aria-current=page]{color:var(--text);border-bottom-color:var(--accent)}
.tabs a:hover{text-decoration:none;color:var(--text)}
.exchart{height:420px;display:flex;flex-direction:column;padding:10px 12px}
.qerr{margin:0 0 12px;border:1px solid var(--bad);border-radius:4px;background:var(--bad-bg);overflow:auto}
.qerr .msg{padding:8px 12px;color:var(--bad);font-weight:500}
.qerr pre{margin:0;padding:0 12px 10px;line-height:1.45}
.qerr mark{background:var(--bad);color:#fff;border-radius:2px}
.stats-line{color:var(--muted);font-size:12px;margin:6px 0 0}

/* Alert timeline */
.timeline svg{display:block;width:100%}
.timeline .lane{fill:var(--hover)}
.timeline .lbl{fill:var(--text);font-size:12px}
.timeline .firing{fill:#f2495c}
.timeline .pending{fill:#ff9830}

@media print{
  .top,.vars,.pa,.tools,.filters{display:none!important}
  body{background:#fff;color:#000}
  main{padding:0}
  .panel,.section,.card{break-inside:avoid;border-color:#ccc}
  .grid24{gap:6px}
  .lg{max-height:none;overflow:visible}
  a{color:inherit}
}

/* Script-only: chart crosshair, tooltip and zoom selection (see vigil.js) */
.vtip{position:absolute;z-index:50;pointer-events:none;max-width:420px;padding:6px 9px;border-radius:4px;background:var(--raised);border:1px solid var(--border-strong);box-shadow:var(--shadow);font-size:12px;font-variant-numeric:tabular-nums;white-space:nowrap;overflow:hidden}
.vtip b{display:block;font-weight:500;color:var(--muted);margin-bottom:2px}
.vtip div{overflow:hidden;text-overflow:ellipsis}
.vline{position:absolute;z-index:40;width:1px;pointer-events:none;background:var(--faint)}
.vshade{position:absolute;z-index:39;pointer-events:none;background:var(--info-bg);border-left:1px solid var(--accent);border-right:1px solid var(--accent)}
[hidden]{display:none!important}

/* Alert timeline lanes */
table.tl{width:100%;border-collapse:collapse;font-size:12.5px}
table.tl td{padding:3px 6px;vertical-align:middle}
table.tl td.lane-name{width:32%;max-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.tl svg.bars{display:block;width:100%;height:14px}
table.tl svg.xa{display:block;width:100%;height:18px;overflow:visible}
table.tl .lane{fill:var(--hover)}
table.tl .firing{fill:#f2495c}
table.tl .pending{fill:#ff9830}

/* A panel alone in a standalone SVG (foreignObject) */
.standalone{width:100%;height:100%;background:var(--bg);font:14px/1.45 Inter,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text)}
.panel.solo-svg{width:100%;height:100%}
"""#,
        "vigil.js": #"""
// Vigil: optional enhancements. Every page works without this script.
// - crosshair and tooltip over charts (from the hover columns' <title> text)
// - drag across a chart to zoom into that time range
// - variable selects apply on change; Ctrl/Cmd+Enter runs an Explore query
// - the browser's UTC offset goes to the vigil_tz cookie, so times show in local time
// - a click outside an open menu closes it
(function () {
  "use strict";

  var offset = -new Date().getTimezoneOffset() * 60;
  var cookie = document.cookie.match(/(?:^|; )vigil_tz=(-?\d+)/);
  if (!cookie || +cookie[1] !== offset) {
    document.cookie = "vigil_tz=" + offset + "; path=/; max-age=31536000; samesite=lax";
    if (offset !== 0 && !sessionStorage.getItem("vigil_tz_reload")) {
      sessionStorage.setItem("vigil_tz_reload", "1");
      location.reload();
      return;
    }
  }

  var tip = document.createElement("div");
  tip.className = "vtip";
  tip.hidden = true;
  var line = document.createElement("div");
  line.className = "vline";
  line.hidden = true;
  var shade = document.createElement("div");
  shade.className = "vshade";
  shade.hidden = true;
  document.addEventListener("DOMContentLoaded", function () {
    document.body.append(tip, line, shade);
  });

  function columns(plot) {
    if (!plot._cols) {
      plot._cols = Array.prototype.map.call(plot.querySelectorAll(".hv rect"), function (rect) {
        var title = rect.querySelector("title");
        var text = title ? title.textContent : "";
        if (title) title.remove();
        return { x: +rect.getAttribute("x"), w: +rect.getAttribute("width"), text: text };
      });
    }
    return plot._cols;
  }

  function show(plot, event) {
    var box = plot.getBoundingClientRect();
    var f = (event.clientX - box.left) / box.width;
    if (f < 0 || f > 1) return hide();
    var cols = columns(plot), unit = f * 1000, col = null;
    for (var i = 0; i < cols.length; i++) {
      if (unit >= cols[i].x && unit < cols[i].x + cols[i].w + 0.5) { col = cols[i]; break; }
    }
    line.hidden = false;
    line.style.cssText = "left:" + (event.clientX + scrollX) + "px;top:" + (box.top + scrollY) + "px;height:" + box.height + "px";
    if (!col || !col.text) { tip.hidden = true; return; }
    var rows = col.text.split("\n");
    tip.textContent = "";
    var head = document.createElement("b");
    head.textContent = rows[0];
    tip.append(head);
    for (var r = 1; r < rows.length; r++) {
      var div = document.createElement("div");
      div.textContent = rows[r];
      tip.append(div);
    }
    tip.hidden = false;
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + tip.offsetWidth > innerWidth - 8) x = event.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > innerHeight - 8) y = innerHeight - tip.offsetHeight - 8;
    tip.style.left = (x + scrollX) + "px";
    tip.style.top = (y + scrollY) + "px";
  }

  function hide() { tip.hidden = true; line.hidden = true; }

  var drag = null;
  document.addEventListener("mousemove", function (event) {
    var plot = event.target.closest && event.target.closest("svg.plot[data-start]");
    if (drag) {
      var box = drag.plot.getBoundingClientRect();
      var a = Math.max(box.left, Math.min(drag.x, event.clientX)), b = Math.min(box.right, Math.max(drag.x, event.clientX));
      shade.hidden = false;
      shade.style.cssText = "left:" + (a + scrollX) + "px;top:" + (box.top + scrollY) + "px;width:" + (b - a) + "px;height:" + box.height + "px";
    }
    if (plot) show(plot, event); else hide();
  });
  document.addEventListener("mousedown", function (event) {
    var plot = event.target.closest && event.target.closest("svg.plot[data-start]");
    if (plot && event.button === 0) { drag = { plot: plot, x: event.clientX }; event.preventDefault(); }
  });
  document.addEventListener("mouseup", function (event) {
    if (!drag) return;
    var plot = drag.plot, box = plot.getBoundingClientRect();
    var a = (Math.min(drag.x, event.clientX) - box.left) / box.width, b = (Math.max(drag.x, event.clientX) - box.left) / box.width;
    drag = null;
    shade.hidden = true;
    if ((b - a) * box.width < 6) return;
    a = Math.max(0, a); b = Math.min(1, b);
    var start = +plot.dataset.start, end = +plot.dataset.end;
    var url = new URL(location.href);
    url.searchParams.set("from", String(Math.round(start + (end - start) * a)));
    url.searchParams.set("to", String(Math.round(start + (end - start) * b)));
    location.href = url.toString();
  });

  // Variables: a select applies at once; checkboxes apply when their drop-down closes,
  // and "All" excludes the single values (as Grafana's multi-select does).
  document.addEventListener("change", function (event) {
    var target = event.target, form = target.form;
    if (!form || !form.classList.contains("vars")) return;
    if (target.type !== "checkbox") { form.submit(); return; }
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + target.name + '"]');
    boxes.forEach(function (box) {
      if (box === target || !target.checked) return;
      if (target.value === "$__all" || box.value === "$__all") box.checked = false;
    });
    if (!Array.prototype.some.call(boxes, function (box) { return box.checked; })) {
      boxes.forEach(function (box) { if (box.value === "$__all") box.checked = true; });
    }
    form.dataset.dirty = "1";
  });
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("form.vars details.ms") && !menu.open && menu.closest("form").dataset.dirty) {
      menu.closest("form").submit();
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches("textarea.q")) {
      event.preventDefault();
      event.target.form.submit();
    }
    if (event.key === "Escape") closeMenus(null);
  });
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) { if (menu !== except) menu.open = false; });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest && event.target.closest("details.menu"));
  });
})();
"""#,
    ]
}
