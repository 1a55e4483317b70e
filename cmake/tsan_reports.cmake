# Fail when ThreadSanitizer wrote any report into DIR, and print them.
#
#   cmake -DDIR=... -DMODE=clear|check -P tsan_reports.cmake
#
# In a CHIPGATE_TSAN build every test runs with TSAN_OPTIONS log_path in
# DIR, so a race is caught even in a chipgate run whose exit status and
# stderr a test script throws away. "clear" runs before the tests (a
# ctest fixture's setup), "check" after them (its cleanup).
if(NOT DIR OR NOT MODE MATCHES "^(clear|check)$")
  message(FATAL_ERROR "usage: cmake -DDIR=... -DMODE=clear|check -P tsan_reports.cmake")
endif()
if(MODE STREQUAL "clear")
  file(REMOVE_RECURSE ${DIR})
  file(MAKE_DIRECTORY ${DIR})
  return()
endif()
file(GLOB reports ${DIR}/*)
list(SORT reports)
list(LENGTH reports n)
if(n EQUAL 0)
  message(STATUS "no ThreadSanitizer reports in ${DIR}")
  return()
endif()
foreach(r IN LISTS reports)
  file(READ ${r} text)
  message("---- ${r}\n${text}")
endforeach()
message(FATAL_ERROR "ThreadSanitizer wrote ${n} report file(s) in ${DIR} (above)")
