R = '(double Low, double High)'
SPECS = [
dict(name='RandomSnow', folder='Weather', summary='Bleaches light areas to imitate snow (HLS lightness boost; RGB)',
  params=[('double','SnowPoint','Fraction that sets the lightness threshold.')],
  args=[dict(type='double', cs='snowPointLower', default='0.1', doc='Lowest snow point (<c>snow_point_lower</c>).', prop='SnowPointLower'),
        dict(type='double', cs='snowPointUpper', default='0.3', doc='Highest snow point (<c>snow_point_upper</c>).', prop='SnowPointUpper'),
        dict(type='double', cs='brightnessCoeff', default='2.5', doc='Lightness multiplier (<c>brightness_coeff</c>).', prop='BrightnessCoeff')],
  ctor='Guard.That(snowPointLower >= 0 && snowPointLower <= snowPointUpper && snowPointUpper <= 1, nameof(snowPointLower), "must satisfy 0 ≤ lower ≤ upper ≤ 1");\nGuard.That(brightnessCoeff >= 0, nameof(brightnessCoeff), "must be non-negative");',
  draw='return new(random.Uniform(SnowPointLower, SnowPointUpper));',
  apply='return WeatherKernels.Snow(image, parameters.SnowPoint, BrightnessCoeff);',
  write='writer.Add("snow_point_lower", SnowPointLower);\nwriter.Add("snow_point_upper", SnowPointUpper);\nwriter.Add("brightness_coeff", BrightnessCoeff);'),
dict(name='RandomRain', folder='Weather', summary='Draws slanted rain streaks, blurs and darkens (RGB)',
  params=[('int','DropLength','Streak length.'),('int','Slant','Horizontal slant of a streak.'),('int[][]','RainDrops','Streak start points (x, y).')],
  args=[dict(type='int', cs='slantLower', default='-10', doc='Lowest slant (<c>slant_lower</c>).', prop='SlantLower'),
        dict(type='int', cs='slantUpper', default='10', doc='Highest slant (<c>slant_upper</c>).', prop='SlantUpper'),
        dict(type='int', cs='dropLength', default='20', doc='Streak length (<c>drop_length</c>).', prop='DropLength'),
        dict(type='int', cs='dropWidth', default='1', doc='Streak width (<c>drop_width</c>).', prop='DropWidth'),
        dict(type='IReadOnlyList<int>?', cs='dropColor', default='null', doc='Streak colour (<c>drop_color</c>, default (200, 200, 200)).', prop='DropColor', ptype='IReadOnlyList<int>', assign='dropColor ?? [200, 200, 200]'),
        dict(type='int', cs='blurValue', default='7', doc='Box blur size (<c>blur_value</c>).', prop='BlurValue'),
        dict(type='double', cs='brightnessCoefficient', default='0.7', doc='Value multiplier (<c>brightness_coefficient</c>).', prop='BrightnessCoefficient'),
        dict(type='string?', cs='rainType', default='null', doc='null, "drizzle", "heavy" or "torrential" (<c>rain_type</c>).', prop='RainType')],
  ctor='''Guard.That(slantLower >= -20 && slantLower <= slantUpper && slantUpper <= 20, nameof(slantLower), "must satisfy -20 ≤ lower ≤ upper ≤ 20");
Guard.That(dropWidth is >= 1 and <= 5, nameof(dropWidth), "must lie in [1, 5]");
Guard.That(dropLength is >= 0 and <= 100, nameof(dropLength), "must lie in [0, 100]");
Guard.That(brightnessCoefficient is >= 0 and <= 1, nameof(brightnessCoefficient), "must lie in [0, 1]");
Guard.That(blurValue >= 1, nameof(blurValue), "must be at least 1");
Guard.That(rainType is null or "drizzle" or "heavy" or "torrential", nameof(rainType), "must be null, drizzle, heavy or torrential");
Guard.That(dropColor is null || dropColor.Count == 3, nameof(dropColor), "must hold three values");''',
  draw='''
var img = context.Image;
var slant = (int)random.Uniform(SlantLower, SlantUpper);
int h = img.Height, w = img.Width;
var area = h * w;
var (count, length) = RainType switch
{
    "drizzle" => (area / 770, 10),
    "heavy" => (area / 600, 30),
    "torrential" => (area / 500, 60),
    _ => (area / 600, DropLength),
};
var drops = new int[count][];
for (var i = 0; i < count; i++)
{
    var x = slant < 0 ? random.NextInt(slant, w + 1) : random.NextInt(0, w - slant + 1);
    var y = random.NextInt(0, Math.Max(0, h - length) + 1);
    drops[i] = [x, y];
}
return new(length, slant, drops);''',
  apply='return WeatherKernels.Rain(image, parameters.Slant, parameters.DropLength, DropWidth, DropColor, BlurValue, BrightnessCoefficient, parameters.RainDrops);',
  write='''writer.Add("slant_lower", SlantLower);
writer.Add("slant_upper", SlantUpper);
writer.Add("drop_length", DropLength);
writer.Add("drop_width", DropWidth);
writer.AddFill("drop_color", DropColor.Select(c => (double)c).ToArray());
writer.Add("blur_value", BlurValue);
writer.Add("brightness_coefficient", BrightnessCoefficient);
writer.Add("rain_type", RainType);'''),
dict(name='RandomFog', folder='Weather', summary='Blends white haze discs and blurs (RGB)',
  params=[('int[][]','HazeList','Haze disc positions (x, y).'),('double','FogCoef','Fog intensity.')],
  args=[dict(type='double', cs='fogCoefLower', default='0.3', doc='Lowest intensity (<c>fog_coef_lower</c>).', prop='FogCoefLower'),
        dict(type='double', cs='fogCoefUpper', default='1', doc='Highest intensity (<c>fog_coef_upper</c>).', prop='FogCoefUpper'),
        dict(type='double', cs='alphaCoef', default='0.08', doc='Disc transparency (<c>alpha_coef</c>).', prop='AlphaCoef')],
  ctor='Guard.That(fogCoefLower >= 0 && fogCoefLower <= fogCoefUpper && fogCoefUpper <= 1, nameof(fogCoefLower), "must satisfy 0 ≤ lower ≤ upper ≤ 1");\nGuard.That(alphaCoef is >= 0 and <= 1, nameof(alphaCoef), "must lie in [0, 1]");',
  draw='''
var img = context.Image;
var fog = random.Uniform(FogCoefLower, FogCoefUpper);
int h = img.Height, w = img.Width;
var hw = Math.Max(1, (int)(w / 3 * fog));
var list = new List<int[]>();
var midx = (w / 2) - (2 * hw);
var midy = (h / 2) - hw;
var index = 1;
while (midx > -hw || midy > -hw)
{
    for (var i = 0; i < hw / 10 * index; i++)
    {
        var x = RandInt(random, midx, w - midx - hw);
        var y = RandInt(random, midy, h - midy - hw);
        list.Add([x, y]);
    }
    midx -= 3 * hw * w / (h + w);
    midy -= 3 * hw * h / (h + w);
    index++;
}
return new(list.ToArray(), fog);''',
  apply='return WeatherKernels.Fog(image, parameters.FogCoef, AlphaCoef, parameters.HazeList);',
  write='writer.Add("fog_coef_lower", FogCoefLower);\nwriter.Add("fog_coef_upper", FogCoefUpper);\nwriter.Add("alpha_coef", AlphaCoef);',
  extra='''
/// <summary>Python's <c>random.randint(a, b)</c> (both ends included; an empty range uses a).</summary>
private static int RandInt(IRandom random, int a, int b) => b < a ? a : random.NextInt(a, b + 1);'''),
dict(name='RandomShadow', folder='Weather', summary='Darkens random polygons (HLS lightness halved; RGB)',
  params=[('int[][][][]','VerticesList','Shadow polygons, each [[[x, y], …]].')],
  args=[dict(type='IReadOnlyList<double>?', cs='shadowRoi', default='null', doc='Region (x_min, y_min, x_max, y_max) as fractions (<c>shadow_roi</c>, default (0, 0.5, 1, 1)).', prop='ShadowRoi', ptype='IReadOnlyList<double>', assign='shadowRoi ?? [0, 0.5, 1, 1]'),
        dict(type='int', cs='numShadowsLower', default='1', doc='Fewest shadows (<c>num_shadows_lower</c>).', prop='NumShadowsLower'),
        dict(type='int', cs='numShadowsUpper', default='2', doc='Most shadows (<c>num_shadows_upper</c>).', prop='NumShadowsUpper'),
        dict(type='int', cs='shadowDimension', default='5', doc='Polygon vertex count (<c>shadow_dimension</c>).', prop='ShadowDimension')],
  ctor='''Guard.That(shadowRoi is null || (shadowRoi.Count == 4 && shadowRoi.All(v => v is >= 0 and <= 1) && shadowRoi[0] <= shadowRoi[2] && shadowRoi[1] <= shadowRoi[3]), nameof(shadowRoi), "must be (x_min, y_min, x_max, y_max) in [0, 1] with min ≤ max");
Guard.That(numShadowsLower >= 0 && numShadowsLower <= numShadowsUpper, nameof(numShadowsLower), "must satisfy 0 ≤ lower ≤ upper");
Guard.That(shadowDimension >= 3, nameof(shadowDimension), "must be at least 3");''',
  draw='''
var img = context.Image;
int h = img.Height, w = img.Width;
var n = random.NextInt(NumShadowsLower, NumShadowsUpper + 1);
int x0 = (int)(ShadowRoi[0] * w), y0 = (int)(ShadowRoi[1] * h), x1 = (int)(ShadowRoi[2] * w), y1 = (int)(ShadowRoi[3] * h);
var list = new int[n][][][];
for (var s = 0; s < n; s++)
{
    var poly = new int[ShadowDimension][];
    for (var v = 0; v < ShadowDimension; v++)
    {
        poly[v] = [random.NextInt(x0, x1 + 1), random.NextInt(y0, y1 + 1)];
    }
    list[s] = [poly];
}
return new(list);''',
  apply='return WeatherKernels.Shadow(image, parameters.VerticesList);',
  write='writer.AddFill("shadow_roi", ShadowRoi.ToArray());\nwriter.Add("num_shadows_lower", NumShadowsLower);\nwriter.Add("num_shadows_upper", NumShadowsUpper);\nwriter.Add("shadow_dimension", ShadowDimension);'),
]
