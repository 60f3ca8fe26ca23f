R = '(double Low, double High)'
IR = '(int Low, int High)'
SPECS = [
dict(name='GaussNoise', folder='Noise', summary='Adds Gaussian noise (uint8 results are clipped and truncated)',
  usings=['Tessera.Core.Arrays'],
  params=[('NdArray','Gauss','The noise field: H×W×C (per channel), H×W×1 (shared) or H×W for 2-D images.')],
  args=[dict(type=R+'?', cs='varLimit', default='null', doc='Variance range (<c>var_limit</c>, default (10, 50)).', prop='VarLimit', ptype=R, assign='varLimit ?? (10, 50)'),
        dict(type='double', cs='mean', default='0', doc='Mean of the noise (<c>mean</c>).', prop='Mean'),
        dict(type='bool', cs='perChannel', default='true', doc='Independent noise per channel (<c>per_channel</c>).', prop='PerChannel')],
  ctor='Guard.That(varLimit is null || varLimit.Value.Low >= 0, nameof(varLimit), "must be non-negative");',
  draw='''
var img = context.Image;
var sigma = Math.Sqrt(random.Uniform(VarLimit.Low, VarLimit.High));
int[] shape = img.Rank == 2 ? [img.Height, img.Width] : [img.Height, img.Width, PerChannel ? img.Channels : 1];
var n = shape.Aggregate(1, (a, b) => a * b);
var g = new double[n];
for (var i = 0; i < n; i++)
{
    g[i] = Mean + (sigma * random.NextGaussian());
}
return new(NdArray.FromArray<double>(g, shape));''',
  apply='return NoiseKernels.AddField(image, parameters.Gauss);',
  write='writer.Add("var_limit", VarLimit);\nwriter.Add("per_channel", PerChannel);\nwriter.Add("mean", Mean);'),
dict(name='MultiplicativeNoise', folder='Noise', summary='Multiplies by random factors (one, per channel, or per element)',
  usings=['Tessera.Core.Arrays', 'System.Text.Json.Nodes'],
  params=[('NdArray','Multiplier','Factors: shape [1] or [C] (broadcast), or H×W×C / H×W×1 / H×W (element-wise).')],
  args=[dict(type=R+'?', cs='multiplier', default='null', doc='Factor range (<c>multiplier</c>, default (0.9, 1.1)).', prop='Multiplier', ptype=R, assign='multiplier ?? (0.9, 1.1)'),
        dict(type='bool', cs='perChannel', default='false', doc='Independent factors per channel (<c>per_channel</c>).', prop='PerChannel'),
        dict(type='bool', cs='elementwise', default='false', doc='Independent factors per pixel (<c>elementwise</c>).', prop='Elementwise')],
  ctor='Guard.That(multiplier is null || multiplier.Value.Low >= 0, nameof(multiplier), "must be non-negative");',
  draw='''
var img = context.Image;
if (Multiplier.Low == Multiplier.High)
{
    return new(NdArray.FromArray<double>([Multiplier.Low], 1));
}
var c = PerChannel ? (PixelCv.IsGray(img) ? 1 : img.Channels) : 1;
int[] shape = Elementwise ? (img.Rank == 2 && c == 1 ? [img.Height, img.Width] : [img.Height, img.Width, c]) : [c];
var n = shape.Aggregate(1, (a, b) => a * b);
var m = new double[n];
for (var i = 0; i < n; i++)
{
    m[i] = random.Uniform(Multiplier.Low, Multiplier.High);
}
return new(NdArray.FromArray<double>(m, shape));''',
  apply='return NoiseKernels.Multiply(image, parameters.Multiplier);',
  write='writer.Add("multiplier", Multiplier);\nwriter.Add("per_channel", PerChannel);\nwriter.Add("elementwise", Elementwise);',
  extra='''
internal override MultiplicativeNoiseParams ReadParams(JsonObject node, ParamsContext context)
{
    if (node["multiplier"] is JsonArray list)
    {
        var values = list.Select(x => x!.GetValue<double>()).ToArray();
        return new(NdArray.FromArray<double>(values, values.Length));
    }
    return base.ReadParams(node, context);
}'''),
dict(name='ISONoise', folder='Noise', summary='Camera sensor noise: Poisson luminance noise and Gaussian hue noise in HLS (RGB uint8)',
  params=[('double','ColorShift','Hue noise scale.'),('double','Intensity','Overall noise strength.'),('int','RandomState','Seed of the noise fields.')],
  args=[dict(type=R+'?', cs='colorShift', default='null', doc='Hue noise range (<c>color_shift</c>, default (0.01, 0.05)).', prop='ColorShift', ptype=R, assign='colorShift ?? (0.01, 0.05)'),
        dict(type=R+'?', cs='intensity', default='null', doc='Strength range (<c>intensity</c>, default (0.1, 0.5)).', prop='Intensity', ptype=R, assign='intensity ?? (0.1, 0.5)')],
  draw='return new(random.Uniform(ColorShift.Low, ColorShift.High), random.Uniform(Intensity.Low, Intensity.High), random.NextInt(0, 65537));',
  apply='return NoiseKernels.IsoNoise(image, parameters.ColorShift, parameters.Intensity, parameters.RandomState);',
  write='writer.Add("color_shift", ColorShift);\nwriter.Add("intensity", Intensity);'),
dict(name='ImageCompression', folder='Noise', summary='JPEG or WebP encode + decode through OpenCV at a random quality',
  params=[('int','Quality','Encoder quality.'),('string','ImageType','".jpg" or ".webp".')],
  args=[dict(type='int', cs='qualityLower', default='99', doc='Lowest quality (<c>quality_lower</c>).', prop='QualityLower'),
        dict(type='int', cs='qualityUpper', default='100', doc='Highest quality (<c>quality_upper</c>).', prop='QualityUpper'),
        dict(type='int', cs='compressionType', default='0', doc='0 JPEG, 1 WebP (<c>compression_type</c>).', prop='CompressionType')],
  ctor='''Guard.That(compressionType is 0 or 1, nameof(compressionType), "must be 0 (JPEG) or 1 (WebP)");
var lowest = compressionType == 0 ? 0 : 1;
Guard.That(qualityLower >= lowest && qualityLower <= 100, nameof(qualityLower), $"must lie in [{lowest}, 100]");
Guard.That(qualityUpper >= qualityLower && qualityUpper <= 100, nameof(qualityUpper), "must lie in [quality_lower, 100]");''',
  draw='return new(random.NextInt(QualityLower, QualityUpper + 1), CompressionType == 0 ? ".jpg" : ".webp");',
  apply='return NoiseKernels.Compress(image, parameters.Quality, parameters.ImageType);',
  write='writer.Add("quality_lower", QualityLower);\nwriter.Add("quality_upper", QualityUpper);\nwriter.Add("compression_type", CompressionType);'),
]
