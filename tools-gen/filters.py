R = '(double Low, double High)'
IR = '(int Low, int High)'
SPECS = [
dict(name='Blur', folder='Filters', summary='Box blur with a random odd kernel size',
  params=[('int','Ksize','Kernel size.')],
  args=[dict(type=IR+'?', cs='blurLimit', default='null', doc='Kernel size range (<c>blur_limit</c>, default (3, 7)).', prop='BlurLimit', ptype=IR, assign='blurLimit ?? (3, 7)')],
  ctor='Guard.That(blurLimit is null || (blurLimit.Value.Low >= 1 && blurLimit.Value.Low <= blurLimit.Value.High), nameof(blurLimit), "must satisfy 1 ≤ low ≤ high");',
  draw='return new(FilterKernels.OddChoice(BlurLimit, random));',
  apply='''
Guard.That(parameters.Ksize >= 1, "ksize", "must be at least 1");
return PixelCv.Map(image, (s, d) => Cv2.Blur(s, d, new Size(parameters.Ksize, parameters.Ksize)));''',
  write='writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));', usings=['OpenCvSharp']),
dict(name='MedianBlur', folder='Filters', summary='Median filter with a random odd aperture',
  params=[('int','Ksize','Aperture size (odd).')],
  args=[dict(type=IR+'?', cs='blurLimit', default='null', doc='Aperture range, odd bounds (<c>blur_limit</c>, default (3, 7)).', prop='BlurLimit', ptype=IR, assign='blurLimit ?? (3, 7)')],
  ctor='Guard.That(blurLimit is null || (blurLimit.Value.Low % 2 == 1 && blurLimit.Value.High % 2 == 1 && blurLimit.Value.Low <= blurLimit.Value.High), nameof(blurLimit), "MedianBlur supports only odd limits with low ≤ high");',
  draw='return new(FilterKernels.OddChoice(BlurLimit, random));',
  apply='''
var k = parameters.Ksize;
Guard.That(k >= 1 && k % 2 == 1, "ksize", $"must be odd and positive (got {k})");
Guard.That(image.PixelType != PixelType.Float32 || k is 3 or 5, "ksize", $"for a float32 image only 3 and 5 are valid (got {k})");
return PixelCv.Map(image, (s, d) => Cv2.MedianBlur(s, d, k));''',
  write='writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));', usings=['OpenCvSharp']),
dict(name='GaussianBlur', folder='Filters', summary='Gaussian blur with a random odd kernel size (0 = from sigma) and sigma',
  params=[('int','Ksize','Kernel size (0: OpenCV derives it from sigma).'),('double','Sigma','Standard deviation (0: OpenCV derives it from the size).')],
  args=[dict(type=IR+'?', cs='blurLimit', default='null', doc='Kernel size range (<c>blur_limit</c>, default (3, 7)); 0 allowed.', prop='BlurLimit', ptype=IR, assign='blurLimit ?? (3, 7)'),
        dict(type=R+'?', cs='sigmaLimit', default='null', doc='Sigma range (<c>sigma_limit</c>, default 0).', prop='SigmaLimit', ptype=R, assign='sigmaLimit ?? (0, 0)')],
  ctor='''var bl = blurLimit ?? (3, 7);
Guard.That(bl.Low >= 0 && bl.Low <= bl.High, nameof(blurLimit), "must satisfy 0 ≤ low ≤ high");
Guard.That((bl.Low == 0 || bl.Low % 2 == 1) && (bl.High == 0 || bl.High % 2 == 1), nameof(blurLimit), "bounds must be 0 or odd");
Guard.That(!(bl.Low == 0 && bl.High == 0 && (sigmaLimit ?? (0, 0)).High == 0), nameof(sigmaLimit), "blur_limit and sigma_limit cannot both be 0");''',
  draw='''
var k = random.NextInt(BlurLimit.Low, BlurLimit.High + 1);
if (k != 0 && k % 2 != 1)
{
    k = (k + 1) % (BlurLimit.High + 1);
}
return new(k, random.Uniform(SigmaLimit.Low, SigmaLimit.High));''',
  apply='''
var k = parameters.Ksize;
Guard.That(k == 0 || (k > 0 && k % 2 == 1), "ksize", $"must be 0 or odd (got {k})");
Guard.That(k != 0 || parameters.Sigma > 0, "sigma", "must be positive when ksize is 0");
return PixelCv.Map(image, (s, d) => Cv2.GaussianBlur(s, d, new Size(k, k), parameters.Sigma));''',
  write='writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));\nwriter.Add("sigma_limit", SigmaLimit);', usings=['OpenCvSharp']),
dict(name='MotionBlur', folder='Filters', summary='Convolves with a random line kernel',
  params=[('double[][]','Kernel','The normalised line kernel (sums to 1).')],
  args=[dict(type=IR+'?', cs='blurLimit', default='null', doc='Kernel size range, odd, ≥ 3 (<c>blur_limit</c>, default (3, 7)).', prop='BlurLimit', ptype=IR, assign='blurLimit ?? (3, 7)'),
        dict(type='bool', cs='allowShifted', default='true', doc='Allow lines that do not pass through the kernel centre (<c>allow_shifted</c>).', prop='AllowShifted')],
  ctor='Guard.That(blurLimit is null || (blurLimit.Value.Low >= 3 && blurLimit.Value.Low <= blurLimit.Value.High), nameof(blurLimit), "must satisfy 3 ≤ low ≤ high");',
  draw='return new(FilterKernels.MotionKernel(FilterKernels.OddChoice(BlurLimit, random), AllowShifted, random));',
  apply='''
Guard.That(parameters.Kernel.Length > 0 && parameters.Kernel.All(r => r.Length == parameters.Kernel.Length), "kernel", "must be a non-empty square matrix");
return PixelCv.Convolve(image, parameters.Kernel);''',
  write='writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));\nwriter.Add("allow_shifted", AllowShifted);'),
dict(name='Sharpen', folder='Filters', summary='Sharpens with a blend of identity and a Laplacian-like kernel',
  params=[('double[][]','SharpeningMatrix','The 3×3 kernel.')],
  args=[dict(type=R+'?', cs='alpha', default='null', doc='Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).', prop='Alpha', ptype=R, assign='alpha ?? (0.2, 0.5)'),
        dict(type=R+'?', cs='lightness', default='null', doc='Lightness range (<c>lightness</c>, default (0.5, 1.0)).', prop='Lightness', ptype=R, assign='lightness ?? (0.5, 1.0)')],
  ctor='Guard.That(alpha is null || (alpha.Value.Low >= 0 && alpha.Value.High <= 1), nameof(alpha), "must lie in [0, 1]");',
  draw='''
var a = (float)random.Uniform(Alpha.Low, Alpha.High);
var l = (float)random.Uniform(Lightness.Low, Lightness.High);
return new(FilterKernels.Blend3(a, [[-1, -1, -1], [-1, 8 + l, -1], [-1, -1, -1]]));''',
  apply='return PixelCv.Convolve(image, parameters.SharpeningMatrix);',
  write='writer.Add("alpha", Alpha);\nwriter.Add("lightness", Lightness);'),
dict(name='Emboss', folder='Filters', summary='Embosses with a blend of identity and an emboss kernel',
  params=[('double[][]','EmbossMatrix','The 3×3 kernel.')],
  args=[dict(type=R+'?', cs='alpha', default='null', doc='Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).', prop='Alpha', ptype=R, assign='alpha ?? (0.2, 0.5)'),
        dict(type=R+'?', cs='strength', default='null', doc='Strength range (<c>strength</c>, default (0.2, 0.7)).', prop='Strength', ptype=R, assign='strength ?? (0.2, 0.7)')],
  ctor='Guard.That(alpha is null || (alpha.Value.Low >= 0 && alpha.Value.High <= 1), nameof(alpha), "must lie in [0, 1]");',
  draw='''
var a = (float)random.Uniform(Alpha.Low, Alpha.High);
var s = random.Uniform(Strength.Low, Strength.High);
return new(FilterKernels.Blend3(a, [[(float)(-1 - s), (float)(0 - s), 0], [(float)(0 - s), 1, (float)(0 + s)], [0, (float)(0 + s), (float)(1 + s)]]));''',
  apply='return PixelCv.Convolve(image, parameters.EmbossMatrix);',
  write='writer.Add("alpha", Alpha);\nwriter.Add("strength", Strength);'),
dict(name='UnsharpMask', folder='Filters', summary='Unsharp masking with a soft threshold mask',
  params=[('int','Ksize','Gaussian kernel size.'),('double','Sigma','Gaussian sigma.'),('double','Alpha','Sharpening strength.')],
  args=[dict(type=IR+'?', cs='blurLimit', default='null', doc='Kernel size range (<c>blur_limit</c>, default (3, 7)).', prop='BlurLimit', ptype=IR, assign='blurLimit ?? (3, 7)'),
        dict(type=R+'?', cs='sigmaLimit', default='null', doc='Sigma range (<c>sigma_limit</c>, default 0).', prop='SigmaLimit', ptype=R, assign='sigmaLimit ?? (0, 0)'),
        dict(type=R+'?', cs='alpha', default='null', doc='Strength range (<c>alpha</c>, default (0.2, 0.5)).', prop='Alpha', ptype=R, assign='alpha ?? (0.2, 0.5)'),
        dict(type='int', cs='threshold', default='10', doc='Residuals below this (0–255 units) are not sharpened (<c>threshold</c>).', prop='Threshold')],
  ctor='Guard.That(threshold is >= 0 and <= 255, nameof(threshold), "must lie in [0, 255]");',
  draw='''
var n = ((BlurLimit.High - BlurLimit.Low) / 2) + 1;
var k = BlurLimit.Low + (2 * random.NextInt(0, Math.Max(1, n)));
return new(k, random.Uniform(SigmaLimit.Low, SigmaLimit.High), random.Uniform(Alpha.Low, Alpha.High));''',
  apply='return FilterKernels.UnsharpMask(image, parameters.Ksize, parameters.Sigma, parameters.Alpha, Threshold);',
  write='writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));\nwriter.Add("sigma_limit", SigmaLimit);\nwriter.Add("alpha", Alpha);\nwriter.Add("threshold", Threshold);'),
dict(name='Downscale', folder='Filters', summary='Downscales and upscales back, losing detail',
  usings=['System.Text.Json.Nodes'],
  params=[('double','Scale','The downscale factor.')],
  args=[dict(type='double', cs='scaleMin', default='0.25', doc='Lowest factor (<c>scale_min</c>).', prop='ScaleMin'),
        dict(type='double', cs='scaleMax', default='0.25', doc='Highest factor (<c>scale_max</c>).', prop='ScaleMax'),
        dict(type='int', cs='downscaleInterpolation', default='0', doc='OpenCV interpolation for the downscale (<c>interpolation.downscale</c>).', prop='DownscaleInterpolation'),
        dict(type='int', cs='upscaleInterpolation', default='0', doc='OpenCV interpolation for the upscale (<c>interpolation.upscale</c>).', prop='UpscaleInterpolation')],
  ctor='Guard.That(scaleMin > 0 && scaleMin <= scaleMax && scaleMax < 1, nameof(scaleMin), "must satisfy 0 < scale_min ≤ scale_max < 1");',
  draw='return new(random.Uniform(ScaleMin, ScaleMax));',
  apply='return FilterKernels.Downscale(image, parameters.Scale, DownscaleInterpolation, UpscaleInterpolation);',
  write='writer.Add("scale_min", ScaleMin);\nwriter.Add("scale_max", ScaleMax);\nwriter.AddNode("interpolation", new JsonObject { ["downscale"] = DownscaleInterpolation, ["upscale"] = UpscaleInterpolation });'),
dict(name='Defocus', folder='Filters', summary='Defocus blur: a disk kernel softened by a small Gaussian',
  params=[('int','Radius','Disk radius.'),('double','AliasBlur','Sigma of the Gaussian applied to the disk.')],
  args=[dict(type=IR+'?', cs='radius', default='null', doc='Radius range (<c>radius</c>, default (3, 10)).', prop='Radius', ptype=IR, assign='radius ?? (3, 10)'),
        dict(type=R+'?', cs='aliasBlur', default='null', doc='Alias blur range (<c>alias_blur</c>, default (0.1, 0.5)).', prop='AliasBlur', ptype=R, assign='aliasBlur ?? (0.1, 0.5)')],
  ctor='Guard.That(radius is null || (radius.Value.Low > 0 && radius.Value.Low <= radius.Value.High), nameof(radius), "must satisfy 0 < low ≤ high");\nGuard.That(aliasBlur is null || aliasBlur.Value.Low >= 0, nameof(aliasBlur), "must be non-negative");',
  draw='return new(random.NextInt(Radius.Low, Radius.High + 1), random.Uniform(AliasBlur.Low, AliasBlur.High));',
  apply='return PixelCv.Convolve(image, FilterKernels.DefocusKernel(parameters.Radius, parameters.AliasBlur));',
  write='writer.Add("radius", ((double)Radius.Low, (double)Radius.High));\nwriter.Add("alias_blur", AliasBlur);'),
dict(name='ZoomBlur', folder='Filters', summary='Averages centrally zoomed copies of the image (radial zoom blur)',
  params=[('double[]','ZoomFactors','Zoom factors (1, 1 + step, … below max_factor).')],
  args=[dict(type=R+'?', cs='maxFactor', default='null', doc='Range of the largest zoom (<c>max_factor</c>, default (1, 1.31)).', prop='MaxFactor', ptype=R, assign='maxFactor ?? (1, 1.31)'),
        dict(type=R+'?', cs='stepFactor', default='null', doc='Range of the zoom step (<c>step_factor</c>, default (0.01, 0.03)).', prop='StepFactor', ptype=R, assign='stepFactor ?? (0.01, 0.03)')],
  ctor='Guard.That(maxFactor is null || maxFactor.Value.Low >= 1, nameof(maxFactor), "must be at least 1");\nGuard.That(stepFactor is null || stepFactor.Value.Low > 0, nameof(stepFactor), "must be positive");',
  draw='''
var step = random.Uniform(StepFactor.Low, StepFactor.High);
var max = random.Uniform(MaxFactor.Low, MaxFactor.High);
var n = (int)Math.Ceiling((max - 1.0) / step);
return new(Enumerable.Range(0, Math.Max(0, n)).Select(i => 1.0 + (i * step)).ToArray());''',
  apply='return FilterKernels.ZoomBlur(image, parameters.ZoomFactors);',
  write='writer.Add("max_factor", MaxFactor);\nwriter.Add("step_factor", StepFactor);'),
dict(name='GlassBlur', folder='Filters', summary='Glass blur: Gaussian blur, random local pixel swaps, Gaussian blur',
  usings=['Tessera.Core.Arrays'],
  params=[('int','Ksize','Unused kernel size drawn as Blur does (kept for replay compatibility).'),('NdArray','Dxy','Swap offsets, shape [pixels, iterations, 2] as (dy, dx).')],
  args=[dict(type='double', cs='sigma', default='0.7', doc='Gaussian sigma (<c>sigma</c>).', prop='Sigma'),
        dict(type='int', cs='maxDelta', default='4', doc='Largest swap distance (<c>max_delta</c>).', prop='MaxDelta'),
        dict(type='int', cs='iterations', default='2', doc='Swap rounds (<c>iterations</c>).', prop='Iterations'),
        dict(type='string', cs='mode', default='"fast"', doc='"fast" (vectorised swaps) or "exact" (sequential swaps) (<c>mode</c>).', prop='Mode')],
  ctor='''Guard.That(sigma >= 0, nameof(sigma), "must be non-negative");
Guard.That(maxDelta >= 1, nameof(maxDelta), "must be at least 1");
Guard.That(iterations >= 1, nameof(iterations), "must be at least 1");
Guard.That(mode is "fast" or "exact", nameof(mode), "must be \\"fast\\" or \\"exact\\"");''',
  draw='''
var img = context.Image;
var rows = img.Height - (MaxDelta * 2);
var cols = img.Width - (MaxDelta * 2);
Guard.That(rows > 0 && cols > 0, "image", $"must be larger than 2·max_delta = {2 * MaxDelta} in both directions");
var total = rows * cols;
var dxy = new int[total * Iterations * 2];
for (var i = 0; i < dxy.Length; i++)
{
    dxy[i] = random.NextInt(-MaxDelta, MaxDelta);
}
var k = 3 + (2 * random.NextInt(0, 3));
return new(k, NdArray.FromArray<int>(dxy, total, Iterations, 2));''',
  apply='return FilterKernels.GlassBlur(image, Sigma, MaxDelta, Iterations, parameters.Dxy, Mode == "exact");',
  write='writer.Add("sigma", Sigma);\nwriter.Add("max_delta", MaxDelta);\nwriter.Add("iterations", Iterations);\nwriter.Add("mode", Mode);'),
]
