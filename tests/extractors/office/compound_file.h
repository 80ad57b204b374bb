#pragma once
// Builds OLE2 compound files in memory for tests, with libgsf's writer: the cases no producer at hand makes
// (encrypted flags, embedded objects, other kinds of compound files).
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>
#include <gsf/gsf-utils.h>

#include <map>
#include <string>

namespace datavagt::testing {

// Streams by path ("ObjectPool/_1/\1Ole10Native"); storages are made for the folders in the paths.
using CompoundTree = std::map<std::string, std::string>;

namespace detail {
inline void write_tree(GsfOutfile* dir, const CompoundTree& tree, const std::string& prefix) {
  std::map<std::string, bool> children;  // name -> is a storage, in name order
  for (const auto& [path, bytes] : tree) {
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = path.substr(prefix.size());
    const auto slash = rest.find('/');
    children[rest.substr(0, slash)] = slash != std::string::npos;
  }
  for (const auto& [name, storage] : children) {
    GsfOutput* child = gsf_outfile_new_child(dir, name.c_str(), storage);
    if (storage) {
      write_tree(GSF_OUTFILE(child), tree, prefix + name + "/");
    } else {
      const std::string& bytes = tree.at(prefix + name);
      gsf_output_write(child, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
    }
    gsf_output_close(child);
    g_object_unref(child);
  }
}

inline void read_tree(GsfInfile* dir, const std::string& prefix, CompoundTree& tree) {
  for (int i = 0; i < gsf_infile_num_children(dir); ++i) {
    GsfInput* child = gsf_infile_child_by_index(dir, i);
    const std::string name = prefix + gsf_infile_name_by_index(dir, i);
    if (GSF_IS_INFILE(child) && gsf_infile_num_children(GSF_INFILE(child)) >= 0) {
      read_tree(GSF_INFILE(child), name + "/", tree);
    } else {
      std::string bytes(static_cast<std::size_t>(gsf_input_size(child)), '\0');
      if (!bytes.empty()) gsf_input_read(child, bytes.size(), reinterpret_cast<guint8*>(bytes.data()));
      tree[name] = std::move(bytes);
    }
    g_object_unref(child);
  }
}
}  // namespace detail

inline std::string compound_file(const CompoundTree& tree) {
  gsf_init();
  GsfOutput* mem = gsf_output_memory_new();
  GsfOutfile* root = gsf_outfile_msole_new(mem);
  detail::write_tree(root, tree, "");
  gsf_output_close(GSF_OUTPUT(root));
  g_object_unref(root);
  if (!gsf_output_is_closed(mem)) gsf_output_close(mem);  // the writer closes it
  std::string out(reinterpret_cast<const char*>(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem))),
                  static_cast<std::size_t>(gsf_output_size(mem)));
  g_object_unref(mem);
  return out;
}

// The streams of a compound file, by path (empty when it is not one).
inline CompoundTree compound_tree(const std::string& file) {
  gsf_init();
  CompoundTree tree;
  GsfInput* in = gsf_input_memory_new(reinterpret_cast<const guint8*>(file.data()),
                                      static_cast<gsf_off_t>(file.size()), FALSE);
  GsfInfile* root = gsf_infile_msole_new(in, nullptr);
  if (root) {
    detail::read_tree(root, "", tree);
    g_object_unref(root);
  }
  g_object_unref(in);
  return tree;
}

}  // namespace datavagt::testing
