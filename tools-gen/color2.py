R = '(double Low, double High)'
SPECS = [
dict(name='ColorJitter', folder='Color', summary='Randomly changes brightness, contrast, saturation and hue in a random order (torchvision semantics)',
  params=[('double','Brightness','Brightness factor.'),('double','Contrast','Contrast factor.'),('double','Saturation','Saturation factor.'),('double','Hue','Hue shift as a fraction of a full turn.'),('int[]','Order','Order of the four operations (0 brightness, 1 contrast, 2 saturation, 3 hue).')],
  args=[dict(type=R+'?', cs='brightness', default='null', doc='Brightness factor range (default (0.8, 1.2)).', prop='Brightness', ptype=R, assign='brightness ?? (0.8, 1.2)'),
        dict(type=R+'?', cs='contrast', default='null', doc='Contrast factor range (default (0.8, 1.2)).', prop='Contrast', ptype=R, assign='contrast ?? (0.8, 1.2)'),
        dict(type=R+'?', cs='saturation', default='null', doc='Saturation factor range (default (0.8, 1.2)).', prop='Saturation', ptype=R, assign='saturation ?? (0.8, 1.2)'),
        dict(type=R+'?', cs='hue', default='null', doc='Hue shift range within [-0.5, 0.5] (default (-0.2, 0.2)).', prop='Hue', ptype=R, assign='hue ?? (-0.2, 0.2)')],
  ctor='''Guard.That(hue is null || (hue.Value.Low >= -0.5 && hue.Value.High <= 0.5), nameof(hue), "must lie in [-0.5, 0.5]");
Guard.That(brightness is null || brightness.Value.Low >= 0, nameof(brightness), "must be non-negative");
Guard.That(contrast is null || contrast.Value.Low >= 0, nameof(contrast), "must be non-negative");
Guard.That(saturation is null || saturation.Value.Low >= 0, nameof(saturation), "must be non-negative");''',
  draw='''
var b = random.Uniform(Brightness.Low, Brightness.High);
var c = random.Uniform(Contrast.Low, Contrast.High);
var s = random.Uniform(Saturation.Low, Saturation.High);
var h = random.Uniform(Hue.Low, Hue.High);
int[] order = [0, 1, 2, 3];
for (var i = 3; i > 0; i--)
{
    var j = random.NextInt(0, i + 1);
    (order[i], order[j]) = (order[j], order[i]);
}
return new(b, c, s, h, order);''',
  apply='''
Guard.That(PixelCv.IsRgb(image) || PixelCv.IsGray(image), nameof(image), "ColorJitter needs an RGB or gray image");
PixelCv.RequireUInt8OrFloat(image, Name);
var img = image;
foreach (var op in parameters.Order)
{
    img = op switch
    {
        0 => JitterKernels.Brightness(img, parameters.Brightness),
        1 => JitterKernels.Contrast(img, parameters.Contrast),
        2 => JitterKernels.Saturation(img, parameters.Saturation),
        3 => JitterKernels.Hue(img, parameters.Hue),
        _ => throw new TesseraArgumentException("order", $"operations are 0–3 (got {op})"),
    };
}
return ReferenceEquals(img, image) ? image.Clone() : img;''',
  write='writer.Add("brightness", Brightness);\nwriter.Add("contrast", Contrast);\nwriter.Add("saturation", Saturation);\nwriter.Add("hue", Hue);'),
dict(name='Normalize', folder='Color', summary='(img − mean·max) / (std·max) as float32', params=None, p='1.0',
  args=[dict(type='IReadOnlyList<double>?', cs='mean', default='null', doc='Per-channel (or one) mean (default ImageNet (0.485, 0.456, 0.406)).', prop='Mean', ptype='IReadOnlyList<double>', assign='mean ?? [0.485, 0.456, 0.406]'),
        dict(type='IReadOnlyList<double>?', cs='std', default='null', doc='Per-channel (or one) standard deviation (default ImageNet (0.229, 0.224, 0.225)).', prop='Std', ptype='IReadOnlyList<double>', assign='std ?? [0.229, 0.224, 0.225]'),
        dict(type='double', cs='maxPixelValue', default='255.0', doc='Maximum pixel value (<c>max_pixel_value</c>).', prop='MaxPixelValue')],
  ctor='''Guard.That(mean is null || mean.Count is >= 1 and <= 4, nameof(mean), "must hold 1–4 values");
Guard.That(std is null || (std.Count is >= 1 and <= 4 && std.All(s => s != 0)), nameof(std), "must hold 1–4 non-zero values");''',
  apply='return NormalizeKernels.Normalize(image, Mean, Std, MaxPixelValue);',
  write='''writer.AddNode("mean", Mean.Count == 1 ? JsonValue.Create(Mean[0]) : new JsonArray(Mean.Select(x => (JsonNode)x).ToArray()));
writer.AddNode("std", Std.Count == 1 ? JsonValue.Create(Std[0]) : new JsonArray(Std.Select(x => (JsonNode)x).ToArray()));
writer.Add("max_pixel_value", MaxPixelValue);''', usings=['System.Text.Json.Nodes']),
dict(name='ToFloat', folder='Color', summary='Divides by the maximum value, giving float32 (usually in [0, 1])', params=None, p='1.0',
  args=[dict(type='double?', cs='maxValue', default='null', doc='Divisor (<c>max_value</c>; default the type maximum).', prop='MaxValue')],
  apply='return PixelCv.ToFloat(image, MaxValue ?? PixelCv.MaxValue(image.PixelType));',
  write='writer.Add("max_value", MaxValue);'),
dict(name='FromFloat', folder='Color', summary='Multiplies a float image by a maximum and casts (truncating) to an integer type', params=None, p='1.0',
  args=[dict(type='string', cs='dtype', default='"uint16"', doc='Output type: uint8, uint16 or float32 (<c>dtype</c>).', prop='DType'),
        dict(type='double?', cs='maxValue', default='null', doc='Multiplier (<c>max_value</c>; default the output type maximum).', prop='MaxValue')],
  ctor='Guard.That(dtype is "uint8" or "uint16" or "float32", nameof(dtype), $"must be uint8, uint16 or float32 (got {dtype})");',
  apply='return NormalizeKernels.FromFloat(image, DType, MaxValue);',
  write='writer.Add("dtype", DType);\nwriter.Add("max_value", MaxValue);'),
dict(name='CLAHE', folder='Color', summary='Contrast-limited adaptive histogram equalization (on L of Lab for RGB; uint8)',
  params=[('double','ClipLimit','The clip limit.')],
  args=[dict(type=R+'?', cs='clipLimit', default='null', doc='Clip limit range (<c>clip_limit</c>, default (1, 4)).', prop='ClipLimit', ptype=R, assign='clipLimit ?? (1, 4)'),
        dict(type='(int A, int B)?', cs='tileGridSize', default='null', doc='Tile grid (<c>tile_grid_size</c>, default (8, 8)), passed to OpenCV as (width, height).', prop='TileGridSize', ptype='(int A, int B)', assign='tileGridSize ?? (8, 8)')],
  ctor='Guard.That(tileGridSize is null || (tileGridSize.Value.A > 0 && tileGridSize.Value.B > 0), nameof(tileGridSize), "must be positive");',
  draw='return new(random.Uniform(ClipLimit.Low, ClipLimit.High));',
  apply='return EqualizeKernels.Clahe(image, parameters.ClipLimit, TileGridSize.A, TileGridSize.B);',
  write='writer.Add("clip_limit", ClipLimit);\nwriter.Add("tile_grid_size", TileGridSize);'),
dict(name='Equalize', folder='Color', summary='Histogram equalization per channel or on Y of YCrCb, OpenCV or Pillow style, with an optional mask (uint8)',
  usings=['Tessera.Core.Arrays'],
  params=[('NdArray?','Mask','Pixels that take part in the histogram (non-zero), or null for all.')],
  args=[dict(type='string', cs='mode', default='"cv"', doc='"cv" (OpenCV) or "pil" (Pillow) equalization (<c>mode</c>).', prop='Mode'),
        dict(type='bool', cs='byChannels', default='true', doc='Equalize each channel (true) or Y of YCrCb (<c>by_channels</c>).', prop='ByChannels'),
        dict(type='Image?', cs='mask', default='null', doc='Fixed mask (uint8, H×W or H×W×3), or null.', prop='Mask')],
  ctor='Guard.That(mode is "cv" or "pil", nameof(mode), $"must be \\"cv\\" or \\"pil\\" (got \\"{mode}\\")");',
  draw='return new(Mask?.ToNdArray());',
  apply='return EqualizeKernels.Equalize(image, parameters.Mask is null ? null : Image.FromNdArray(parameters.Mask), Mode, ByChannels);',
  write='writer.Add("mode", Mode);\nwriter.Add("by_channels", ByChannels);'),
dict(name='FancyPCA', folder='Color', summary='Shifts colours along the principal components of the image colour covariance (Krizhevsky et al.; RGB uint8)',
  params=[('double','Alpha','The drawn scale (N(0, alpha)).')],
  args=[dict(type='double', cs='alpha', default='0.1', doc='Standard deviation of the scale (<c>alpha</c>).', prop='Alpha')],
  ctor='Guard.That(alpha >= 0, nameof(alpha), "must be non-negative");',
  draw='return new(random.NextGaussian() * Alpha);',
  apply='return FancyPcaKernel.Apply(image, parameters.Alpha);',
  write='writer.Add("alpha", Alpha);'),
]
