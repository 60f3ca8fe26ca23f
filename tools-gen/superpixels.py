R = '(double Low, double High)'
SPECS = [
dict(name='Superpixels', folder='Filters', summary='Replaces some SLIC superpixels by their mean colour',
  params=[('bool[]','ReplaceSamples','Per segment: replace it (cycled when SLIC makes more segments).'),('int','NSegments','Requested number of segments.')],
  args=[dict(type=R+'?', cs='pReplace', default='null', doc='Range of the replacement probability (<c>p_replace</c>, default 0.1).', prop='PReplace', ptype=R, assign='pReplace ?? (0.1, 0.1)'),
        dict(type='(int Low, int High)?', cs='nSegments', default='null', doc='Range of the segment count (<c>n_segments</c>, default 100).', prop='NSegments', ptype='(int Low, int High)', assign='nSegments ?? (100, 100)'),
        dict(type='int?', cs='maxSize', default='128', doc='Work on a copy whose longer side is at most this (<c>max_size</c>; null = full size).', prop='MaxSize'),
        dict(type='int', cs='interpolation', default='1', doc='OpenCV interpolation for the resizes (<c>interpolation</c>).', prop='Interpolation')],
  ctor='''Guard.That(pReplace is null || (pReplace.Value.Low >= 0 && pReplace.Value.High <= 1), nameof(pReplace), "must lie in [0, 1]");
Guard.That(nSegments is null || (nSegments.Value.Low >= 1 && nSegments.Value.Low <= nSegments.Value.High), nameof(nSegments), "must satisfy 1 ≤ low ≤ high");
Guard.That(maxSize is null or >= 1, nameof(maxSize), "must be positive");''',
  draw='''
var n = random.NextInt(NSegments.Low, NSegments.High + 1);
var p = random.Uniform(PReplace.Low, PReplace.High);
var samples = new bool[n];
for (var i = 0; i < n; i++)
{
    samples[i] = random.NextDouble() < p;
}
return new(samples, n);''',
  apply='return SuperpixelKernels.Apply(image, parameters.NSegments, parameters.ReplaceSamples, MaxSize, Interpolation);',
  write='writer.Add("p_replace", PReplace);\nwriter.Add("n_segments", ((double)NSegments.Low, (double)NSegments.High));\nwriter.Add("max_size", MaxSize);\nwriter.Add("interpolation", Interpolation);'),
]
