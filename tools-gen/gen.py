# Generates transform definition files from compact specs (dev helper; output is committed C#).
import re, sys, os, textwrap
ROOT = '/work/wt-pixel/src/Tessera.Augment'

def camel_to_doc(n): return n

def gen(spec):
    name = spec['name']; folder = spec['folder']
    params = spec.get('params')  # list of (type, Name, doc) or None
    pname = f'{name}Params' if params is not None else 'NoParams'
    usings = ['Tessera.Augment.Pipeline', 'Tessera.Augment.Pixel', 'Tessera.Augment.Serialization', 'Tessera.Core.Errors', 'Tessera.Core.Imaging', 'Tessera.Core.Random'] + spec.get('usings', [])
    out = []
    for u in sorted(set(usings)):
        out.append(f'using {u};')
    out.append('')
    out.append(f'namespace Tessera.Augment.{folder};')
    out.append('')
    if params is not None:
        out.append(f'/// <summary>Parameters of <see cref="{name}"/> (the keys of albumentations 1.3.1\'s replay params).</summary>')
        for t, n, d in params:
            out.append(f'/// <param name="{n}">{d}</param>')
        out.append(f'public sealed record {pname}({", ".join(f"{t} {n}" for t, n, d in params)});')
        out.append('')
    out.append(f'/// <summary>{spec["summary"]} (albumentations <c>{name}</c>).</summary>')
    out.append(f'public sealed class {name} : ImageOnlyTransform<{pname}>')
    out.append('{')
    args = spec.get('args', [])
    out.append('    /// <summary>Creates the transform.</summary>')
    for a in args:
        out.append(f'    /// <param name="{a["cs"]}">{a["doc"]}</param>')
    out.append('    /// <param name="p">Probability.</param>')
    out.append('    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>')
    sig = ', '.join([f'{a["type"]} {a["cs"]}' + (f' = {a["default"]}' if 'default' in a else '') for a in args] + [f'double p = {spec.get("p", "0.5")}', 'bool alwaysApply = false'])
    out.append(f'    public {name}({sig}) : base(p, alwaysApply)')
    out.append('    {')
    for line in spec.get('ctor', '').strip('\n').split('\n'):
        if line.strip(): out.append('        ' + line)
    for a in args:
        if 'prop' in a:
            out.append(f'        {a["prop"]} = {a.get("assign", a["cs"])};')
    out.append('    }')
    out.append('')
    for a in args:
        if 'prop' in a:
            out.append(f'    /// <summary>{a["doc"]}</summary>')
            out.append(f'    public {a.get("ptype", a["type"])} {a["prop"]} {{ get; }}')
            out.append('')
    out.append('    /// <inheritdoc />')
    out.append(f'    public override string Name => "{name}";')
    out.append('')
    out.append('    /// <inheritdoc />')
    out.append(f'    public override {pname} DrawParams(DrawContext context, IRandom random)')
    out.append('    {')
    out.append('        ArgumentNullException.ThrowIfNull(context);')
    out.append('        ArgumentNullException.ThrowIfNull(random);')
    for line in textwrap.dedent(spec.get('draw', 'return NoParams.Instance;')).strip('\n').split('\n'):
        out.append('        ' + line if line.strip() else '')
    out.append('    }')
    out.append('')
    out.append('    /// <inheritdoc />')
    out.append(f'    public override Image ApplyToImage(Image image, {pname} parameters)')
    out.append('    {')
    out.append('        ArgumentNullException.ThrowIfNull(image);')
    out.append('        ArgumentNullException.ThrowIfNull(parameters);')
    for line in textwrap.dedent(spec['apply']).strip('\n').split('\n'):
        out.append('        ' + line if line.strip() else '')
    out.append('    }')
    out.append('')
    out.append('    internal override void WriteTransformArgs(ArgWriter writer)')
    out.append('    {')
    for line in textwrap.dedent(spec.get('write', '')).strip('\n').split('\n'):
        if line.strip(): out.append('        ' + line)
    out.append('    }')
    extra = spec.get('extra')
    if extra:
        out.append('')
        for line in textwrap.dedent(extra).strip('\n').split('\n'):
            out.append('    ' + line if line.strip() else '')
    out.append('}')
    path = os.path.join(ROOT, folder, name + '.cs')
    open(path, 'w').write('\n'.join(out) + '\n')
    print('wrote', path)

if __name__ == '__main__':
    ns = {}
    exec(open(sys.argv[1]).read(), ns)
    for s in ns['SPECS']:
        gen(s)
