R = '(double Low, double High)'
SPECS = [
dict(name='RandomGamma', folder='Color', summary='Raises pixel values to a random power',
  params=[('double','Gamma','The exponent (gamma_limit / 100).')],
  args=[dict(type=R+'?', cs='gammaLimit', default='null', doc='Range of 100·gamma (<c>gamma_limit</c>, default (80, 120)).', prop='GammaLimit', ptype=R, assign='gammaLimit ?? (80, 120)'),
        dict(type='double?', cs='eps', default='null', doc='Deprecated in 1.3.1 and unused; kept for round trips.', prop='Eps')],
  draw='return new(random.Uniform(GammaLimit.Low, GammaLimit.High) / 100.0);',
  apply='return ColorKernels.Gamma(image, parameters.Gamma);',
  write='writer.Add("gamma_limit", GammaLimit);\nwriter.Add("eps", Eps);'),
dict(name='HueSaturationValue', folder='Color', summary='Shifts hue, saturation and value in HSV space',
  params=[('double','HueShift','Hue shift (OpenCV 8-bit hue units for uint8, degrees for float32).'),('double','SatShift','Saturation shift.'),('double','ValShift','Value shift.')],
  args=[dict(type=R+'?', cs='hueShiftLimit', default='null', doc='Hue shift range (<c>hue_shift_limit</c>, default ±20).', prop='HueShiftLimit', ptype=R, assign='hueShiftLimit ?? (-20, 20)'),
        dict(type=R+'?', cs='satShiftLimit', default='null', doc='Saturation shift range (<c>sat_shift_limit</c>, default ±30).', prop='SatShiftLimit', ptype=R, assign='satShiftLimit ?? (-30, 30)'),
        dict(type=R+'?', cs='valShiftLimit', default='null', doc='Value shift range (<c>val_shift_limit</c>, default ±20).', prop='ValShiftLimit', ptype=R, assign='valShiftLimit ?? (-20, 20)')],
  draw='return new(random.Uniform(HueShiftLimit.Low, HueShiftLimit.High), random.Uniform(SatShiftLimit.Low, SatShiftLimit.High), random.Uniform(ValShiftLimit.Low, ValShiftLimit.High));',
  apply='return ColorKernels.ShiftHsv(image, parameters.HueShift, parameters.SatShift, parameters.ValShift);',
  write='writer.Add("hue_shift_limit", HueShiftLimit);\nwriter.Add("sat_shift_limit", SatShiftLimit);\nwriter.Add("val_shift_limit", ValShiftLimit);'),
dict(name='RGBShift', folder='Color', summary='Adds a random offset to each of the R, G and B channels',
  params=[('double','RShift','Red offset.'),('double','GShift','Green offset.'),('double','BShift','Blue offset.')],
  args=[dict(type=R+'?', cs='rShiftLimit', default='null', doc='Red range (<c>r_shift_limit</c>, default ±20).', prop='RShiftLimit', ptype=R, assign='rShiftLimit ?? (-20, 20)'),
        dict(type=R+'?', cs='gShiftLimit', default='null', doc='Green range (<c>g_shift_limit</c>, default ±20).', prop='GShiftLimit', ptype=R, assign='gShiftLimit ?? (-20, 20)'),
        dict(type=R+'?', cs='bShiftLimit', default='null', doc='Blue range (<c>b_shift_limit</c>, default ±20).', prop='BShiftLimit', ptype=R, assign='bShiftLimit ?? (-20, 20)')],
  draw='return new(random.Uniform(RShiftLimit.Low, RShiftLimit.High), random.Uniform(GShiftLimit.Low, GShiftLimit.High), random.Uniform(BShiftLimit.Low, BShiftLimit.High));',
  apply='''
PixelCv.RequireRgb(image, Name);
PixelCv.RequireUInt8OrFloat(image, Name);
double[] shifts = [parameters.RShift, parameters.GShift, parameters.BShift];
if (image.PixelType == PixelType.UInt8)
{
    var luts = new byte[3][];
    for (var c = 0; c < 3; c++)
    {
        luts[c] = new byte[256];
        var v = (float)shifts[c];
        for (var i = 0; i < 256; i++)
        {
            luts[c][i] = PixelCv.ClipTruncate(i + v);
        }
    }
    return PixelCv.LutPerChannel(image, luts);
}
var dst = Image.CreateLike(image);
var s = image.Pixels<float>();
var d = dst.Pixels<float>();
for (var i = 0; i < s.Length; i++)
{
    d[i] = PixelCv.Clip01(s[i] + (float)shifts[i % 3]);
}
return dst;''',
  write='writer.Add("r_shift_limit", RShiftLimit);\nwriter.Add("g_shift_limit", GShiftLimit);\nwriter.Add("b_shift_limit", BShiftLimit);'),
dict(name='ToGray', folder='Color', summary='Converts an RGB image to gray and back to three equal channels', params=None,
  apply='''
if (PixelCv.IsGray(image))
{
    return image.Clone();
}
PixelCv.RequireRgb(image, Name);
return ColorKernels.ToGray(image);'''),
dict(name='ToSepia', folder='Color', summary='Applies the sepia colour matrix', params=None,
  apply='''
PixelCv.RequireRgb(image, Name);
PixelCv.RequireUInt8OrFloat(image, Name);
return ColorKernels.Sepia(image);'''),
dict(name='InvertImg', folder='Color', summary='Inverts pixel values (max − value)', params=None,
  apply='return ColorKernels.Invert(image);'),
dict(name='Solarize', folder='Color', summary='Inverts every value at or above a threshold',
  params=[('double','Threshold','Values ≥ this are inverted.')],
  args=[dict(type=R+'?', cs='threshold', default='null', doc='Threshold range (<c>threshold</c>, default 128; a number t means (t, t)).', prop='Threshold', ptype=R, assign='threshold ?? (128, 128)')],
  draw='return new(random.Uniform(Threshold.Low, Threshold.High));',
  apply='return ColorKernels.Solarize(image, parameters.Threshold);',
  write='writer.Add("threshold", Threshold);'),
dict(name='Posterize', folder='Color', summary='Keeps only the high bits of each channel',
  usings=['System.Text.Json.Nodes'],
  params=[('int[]','NumBits','Bits kept: one value for all channels or one per RGB channel.')],
  args=[dict(type='IReadOnlyList<(int Low, int High)>?', cs='numBits', default='null', doc='One range for all channels or three (per channel) of kept bits (<c>num_bits</c>, default 4).', prop='NumBits', ptype='IReadOnlyList<(int Low, int High)>', assign='numBits ?? [(4, 4)]')],
  ctor='''Guard.That(numBits is null || numBits.Count is 1 or 3, nameof(numBits), "must hold one range or three (one per channel)");
foreach (var (lo, hi) in numBits ?? [])
{
    Guard.That(lo >= 0 && hi <= 8 && lo <= hi, nameof(numBits), "bits must lie in [0, 8]");
}''',
  draw='return new(NumBits.Select(r => random.NextInt(r.Low, r.High + 1)).ToArray());',
  apply='return ColorKernels.Posterize(image, parameters.NumBits);',
  write='''
if (NumBits.Count == 1)
{
    writer.Add("num_bits", ((double)NumBits[0].Low, (double)NumBits[0].High));
}
else
{
    writer.AddNode("num_bits", new JsonArray(NumBits.Select(r => (JsonNode)new JsonArray(r.Low, r.High)).ToArray()));
}''',
  extra='''
internal override PosterizeParams ReadParams(JsonObject node, ParamsContext context)
{
    var n = node["num_bits"];
    Guard.That(n is not null, "Posterize.params.num_bits", "is missing");
    return new(n is JsonArray a ? a.Select(x => x!.GetValue<int>()).ToArray() : [n.GetValue<int>()]);
}

internal override JsonNode WriteParams(PosterizeParams parameters)
    => new JsonObject { ["num_bits"] = parameters.NumBits.Length == 1 ? JsonValue.Create(parameters.NumBits[0]) : new JsonArray(parameters.NumBits.Select(b => (JsonNode)b).ToArray()) };'''),
dict(name='ChannelShuffle', folder='Color', summary='Randomly permutes the channels',
  params=[('int[]','ChannelsShuffled','The new channel order (output channel i = input channel order[i]).')],
  draw='''
var n = context.Image.Channels;
var order = Enumerable.Range(0, n).ToArray();
for (var i = n - 1; i > 0; i--)
{
    var j = random.NextInt(0, i + 1);
    (order[i], order[j]) = (order[j], order[i]);
}
return new(order);''',
  apply='return ColorKernels.ShuffleChannels(image, parameters.ChannelsShuffled);'),
dict(name='ChannelDropout', folder='Color', summary='Fills randomly chosen channels with a value',
  params=[('int[]','ChannelsToDrop','Channels set to the fill value.')],
  args=[dict(type='(int Low, int High)?', cs='channelDropRange', default='null', doc='Range of the number of dropped channels (<c>channel_drop_range</c>, default (1, 1)).', prop='ChannelDropRange', ptype='(int Low, int High)', assign='channelDropRange ?? (1, 1)'),
        dict(type='double', cs='fillValue', default='0', doc='Value of dropped channels (<c>fill_value</c>).', prop='FillValue')],
  ctor='Guard.That(channelDropRange is null || (channelDropRange.Value.Low >= 1 && channelDropRange.Value.Low <= channelDropRange.Value.High), nameof(channelDropRange), "must satisfy 1 ≤ low ≤ high");',
  draw='''
var n = context.Image.Channels;
Guard.That(context.Image.Rank == 3 && n > 1, "image", "ChannelDropout needs an image with more than one channel");
Guard.That(ChannelDropRange.High < n, "channel_drop_range", $"upper bound must be below the channel count {n}");
var k = random.NextInt(ChannelDropRange.Low, ChannelDropRange.High + 1);
var pool = Enumerable.Range(0, n).ToList();
var drop = new int[k];
for (var i = 0; i < k; i++)
{
    var j = random.NextInt(0, pool.Count);
    drop[i] = pool[j];
    pool.RemoveAt(j);
}
return new(drop);''',
  apply='return ColorKernels.DropChannels(image, parameters.ChannelsToDrop, FillValue);',
  write='writer.Add("channel_drop_range", ChannelDropRange);\nwriter.Add("fill_value", FillValue);'),
dict(name='RandomToneCurve', folder='Color', summary='Bends the tone curve with a random cubic Bézier (uint8)',
  params=[('double','LowY','y of the first control point.'),('double','HighY','y of the second control point.')],
  args=[dict(type='double', cs='scale', default='0.1', doc='Standard deviation of the control points around 0.25 / 0.75 (<c>scale</c>).', prop='Scale')],
  ctor='Guard.That(scale >= 0 && scale <= 1, nameof(scale), "must lie in [0, 1]");',
  draw='return new(Math.Clamp(0.25 + (Scale * random.NextGaussian()), 0, 1), Math.Clamp(0.75 + (Scale * random.NextGaussian()), 0, 1));',
  apply='return ColorKernels.ToneCurve(image, parameters.LowY, parameters.HighY);',
  write='writer.Add("scale", Scale);'),
]
