using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Cli.Commands.Bench;

/// <summary>
/// The benchmark's module-layer ViT: TorchSharp <c>Module</c>s composed the way timm composes
/// <c>VisionTransformer</c> (PatchEmbed conv → class token + positions → Block(norm1, Attention(qkv, proj),
/// norm2, Mlp(fc1, GELU, fc2)) × depth → norm → head on the class token). It stands in for
/// Tessera.Nn's ViT until that lands on main; the bare version runs on the very same parameter tensors.
/// </summary>
internal sealed class BenchVitModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _patch;
    private readonly Parameter _cls;
    private readonly Parameter _pos;
    private readonly ModuleList<Block> _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _head;

    public BenchVitModule(BenchVitConfig config, long seed) : base("BenchVit")
    {
        Config = config;
        torch.manual_seed(seed);
        _patch = nn.Conv2d(3, config.Width, config.PatchSize, stride: config.PatchSize);
        _cls = new Parameter(torch.randn(1, 1, config.Width) * 0.02f, requires_grad: false);
        _pos = new Parameter(torch.randn(1, config.Tokens, config.Width) * 0.02f, requires_grad: false);
        _blocks = new ModuleList<Block>(Enumerable.Range(0, config.Depth).Select(_ => new Block(config)).ToArray());
        _norm = nn.LayerNorm(config.Width, eps: 1e-6);
        _head = nn.Linear(config.Width, config.Classes);
        RegisterComponents();
        foreach (var p in parameters())
        {
            p.requires_grad = false;
        }
    }

    public BenchVitConfig Config { get; }

    /// <summary>The parameter tensors themselves (no copies), for the bare version.</summary>
    public BareVitWeights Weights() => new(
        _patch.weight!, _patch.bias!, _cls, _pos,
        _blocks.Select(b => b.Weights()).ToList(),
        _norm.weight!, _norm.bias!, _head.weight!, _head.bias!);

    public override Tensor forward(Tensor input)
    {
        var x = _patch.forward(input).flatten(2).transpose(1, 2);
        x = torch.cat([_cls.expand(x.shape[0], -1, -1), x], dim: 1) + _pos;
        foreach (var block in _blocks)
        {
            x = block.forward(x);
        }
        return _head.forward(_norm.forward(x).select(1, 0));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _patch.Dispose();
            _cls.Dispose();
            _pos.Dispose();
            _blocks.Dispose();
            _norm.Dispose();
            _head.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly LayerNorm _norm1;
        private readonly Attention _attn;
        private readonly LayerNorm _norm2;
        private readonly Mlp _mlp;

        public Block(BenchVitConfig config) : base("Block")
        {
            _norm1 = nn.LayerNorm(config.Width, eps: 1e-6);
            _attn = new Attention(config);
            _norm2 = nn.LayerNorm(config.Width, eps: 1e-6);
            _mlp = new Mlp(config);
            RegisterComponents();
        }

        public BareBlockWeights Weights() => new(
            _norm1.weight!, _norm1.bias!, _attn.Qkv.weight!, _attn.Qkv.bias!, _attn.Proj.weight!, _attn.Proj.bias!,
            _norm2.weight!, _norm2.bias!, _mlp.Fc1.weight!, _mlp.Fc1.bias!, _mlp.Fc2.weight!, _mlp.Fc2.bias!);

        public override Tensor forward(Tensor input)
        {
            var x = input + _attn.forward(_norm1.forward(input));
            return x + _mlp.forward(_norm2.forward(x));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _norm1.Dispose();
                _attn.Dispose();
                _norm2.Dispose();
                _mlp.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class Attention : nn.Module<Tensor, Tensor>
    {
        private readonly int _heads;

        public Attention(BenchVitConfig config) : base("Attention")
        {
            _heads = config.Heads;
            Qkv = nn.Linear(config.Width, 3 * config.Width);
            Proj = nn.Linear(config.Width, config.Width);
            RegisterComponents();
        }

        public Linear Qkv { get; }

        public Linear Proj { get; }

        public override Tensor forward(Tensor input)
        {
            var (b, n, c) = (input.shape[0], input.shape[1], input.shape[2]);
            var qkv = Qkv.forward(input).reshape(b, n, 3, _heads, c / _heads).permute(2, 0, 3, 1, 4);
            var o = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]);
            return Proj.forward(o.transpose(1, 2).reshape(b, n, c));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Qkv.Dispose();
                Proj.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        private readonly GELU _act;

        public Mlp(BenchVitConfig config) : base("Mlp")
        {
            Fc1 = nn.Linear(config.Width, config.MlpWidth);
            _act = nn.GELU();
            Fc2 = nn.Linear(config.MlpWidth, config.Width);
            RegisterComponents();
        }

        public Linear Fc1 { get; }

        public Linear Fc2 { get; }

        public override Tensor forward(Tensor input) => Fc2.forward(_act.forward(Fc1.forward(input)));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Fc1.Dispose();
                _act.Dispose();
                Fc2.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
