// Side-by-side timing of OpenMesh 9.0 (Debian libopenmesh-dev) on the meshes `tessera bench mesh` uses. Built and run by `tessera bench mesh
// --peers`; command line, meshes and timing rule in peer_bench.hpp.
#include "peer_bench.hpp"
#include <OpenMesh/Core/Mesh/TriMesh_ArrayKernelT.hh>
#include <OpenMesh/Core/IO/MeshIO.hh>
#include <OpenMesh/Tools/Subdivider/Uniform/LoopT.hh>
#include <OpenMesh/Tools/Subdivider/Uniform/Sqrt3T.hh>
#include <OpenMesh/Tools/Decimater/DecimaterT.hh>
#include <OpenMesh/Tools/Decimater/ModQuadricT.hh>

struct Traits : OpenMesh::DefaultTraits {
  typedef OpenMesh::Vec3d Point;
  typedef OpenMesh::Vec3d Normal;
};
typedef OpenMesh::TriMesh_ArrayKernelT<Traits> Mesh;

int main(int argc, char** argv) {
  const PeerArgs args = parse_args(argc, argv);
  const int runs = args.runs;
  auto want = [&](const char* op) { return args.want(op); };
  const Mesh m100k = bumpy<Mesh>(320, 160), m25k = bumpy<Mesh>(160, 80), large = bumpy<Mesh>(512, 256);
  Mesh work;
  if (want("loop_1iter_100k")) timeit("loop_1iter_100k", "openmesh_loop_1iter_100k", runs, [&] { work = m100k; }, [&] { OpenMesh::Subdivider::Uniform::LoopT<Mesh> s; s.attach(work); s(1); s.detach(); });
  if (want("loop_2iter_25k")) timeit("loop_2iter_25k", "openmesh_loop_2iter_25k", runs, [&] { work = m25k; }, [&] { OpenMesh::Subdivider::Uniform::LoopT<Mesh> s; s.attach(work); s(2); s.detach(); });
  if (want("sqrt3_1iter_100k")) timeit("sqrt3_1iter_100k", "openmesh_sqrt3_1iter_100k", runs, [&] { work = m100k; }, [&] { OpenMesh::Subdivider::Uniform::Sqrt3T<Mesh> s; s.attach(work); s(1); s.detach(); });
  if (want("sqrt3_2iter_25k")) timeit("sqrt3_2iter_25k", "openmesh_sqrt3_2iter_25k", runs, [&] { work = m25k; }, [&] { OpenMesh::Subdivider::Uniform::Sqrt3T<Mesh> s; s.attach(work); s(2); s.detach(); });
  if (want("qem_large_10pct")) timeit("qem_large_10pct", "openmesh_decimate_quadric_large_10pct", runs, [&] { work = large; }, [&] {
    OpenMesh::Decimater::DecimaterT<Mesh> d(work);
    OpenMesh::Decimater::ModQuadricT<Mesh>::Handle h;
    d.add(h);
    d.initialize();
    d.decimate_to_faces(0, large.n_faces() / 10);
    work.garbage_collection();
  });
  std::string obj = args.tmp + "/openmesh_large.obj";
  OpenMesh::IO::Options wopt;
  if (want("read_obj_large") || want("write_obj_large")) OpenMesh::IO::write_mesh(large, obj, wopt, 17);
  if (want("write_obj_large")) timeit("write_obj_large", "openmesh_write_obj_large", runs, [&] {}, [&] { OpenMesh::IO::write_mesh(large, obj, wopt, 17); });
  if (want("read_obj_large")) timeit("read_obj_large", "openmesh_read_obj_large", runs, [&] { work.clear(); }, [&] { OpenMesh::IO::read_mesh(work, obj); });
  return 0;
}
