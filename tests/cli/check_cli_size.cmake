# The command line stays a thin front end: every file of cli/ together under 1,000 lines (the
# engine holds the analyses, their files and their texts; docs/developer.md, "Adding a command").
file(GLOB files "${DIR}/*.cc" "${DIR}/*.h")
set(total 0)
foreach(f IN LISTS files)
  file(READ "${f}" text)
  string(REGEX MATCHALL "\n" newlines "${text}")
  list(LENGTH newlines n)
  math(EXPR total "${total} + ${n}")
endforeach()
message(STATUS "cli/: ${total} lines")
if(total GREATER_EQUAL 1000)
  message(FATAL_ERROR "cli/ has ${total} lines; the front end must stay under 1,000: move what is not "
                      "flags, a call, a write and a print into the engine")
endif()
