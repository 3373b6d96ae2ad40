# No two headers of the engine define a class of the same name in the same namespace. Two such
# definitions break C++'s one-definition rule ([basic.def.odr]): the linker keeps one copy of each
# inline function of the type (std::vector<T>'s, say), sized for one definition, and a translation
# unit that uses the other one writes past its memory (AddressSanitizer found one in
# pimhsim::analysis). Reads the classes defined at namespace scope (a line starting `struct X` or
# `class X` and ending in `{`, not a nested class's `struct X::Y {`) under each header's first `namespace pimhsim...` line.
#   cmake -DSOURCE_DIR=... -P odr_check.cmake
cmake_minimum_required(VERSION 3.25)
file(GLOB_RECURSE headers "${SOURCE_DIR}/engine/pimhsim/*.h")
set(problems "")
set(seen "")
foreach(file IN LISTS headers)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
  file(STRINGS "${file}" lines REGEX "^(namespace pimhsim[a-z_:]* {|(struct|class) [A-Za-z_][A-Za-z0-9_]*.*{$)")
  set(namespace "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^namespace (pimhsim[a-z_:]*) {")
      if(namespace STREQUAL "")
        set(namespace "${CMAKE_MATCH_1}")
      endif()
    elseif(line MATCHES "^(struct|class) ([A-Za-z_][A-Za-z0-9_]*)([^:]|$)")
      set(key "${namespace}::${CMAKE_MATCH_2}")
      string(MAKE_C_IDENTIFIER "${key}" id)
      if(DEFINED where_${id})
        list(APPEND problems "${key}: defined in ${where_${id}} and in ${rel}")
      else()
        set(where_${id} "${rel}")
      endif()
    endif()
  endforeach()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "classes of one name defined twice in one namespace (rename one):\n  ${text}")
endif()
