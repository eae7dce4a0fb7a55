# cmake -P script behind the "packaging" test (variables come from CMakeLists.txt here):
#   1. cmake --install QUARRY_BUILD_DIR --prefix WORK_DIR/prefix
#   2. configure consumer/ against that prefix only, build it
#   3. run it and expect "consumer ok"
# Any failure prints the failing step's full output.

cmake_minimum_required(VERSION 3.21)

foreach(var QUARRY_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR GENERATOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run.cmake: ${var} is not set")
    endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer-build")
# A fresh prefix every run: a stale install must not hide a missing install rule.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs a command; on failure stops the test, showing what ran and everything it printed.
function(run_step name)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " cmdline "${ARGN}")
        message(FATAL_ERROR "packaging: ${name} FAILED (${rc})\n$ ${cmdline}\n${out}")
    endif()
    set(step_output "${out}" PARENT_SCOPE)
endfunction()

# 1. Install.
set(config_args "")
if(CONFIG)
    set(config_args --config "${CONFIG}")
endif()
run_step("install" "${CMAKE_COMMAND}" --install "${QUARRY_BUILD_DIR}" --prefix "${prefix}"
         ${config_args})

file(GLOB_RECURSE config_files "${prefix}/*/QuarryConfig.cmake")
if(NOT config_files)
    message(FATAL_ERROR "packaging: the install put no QuarryConfig.cmake under ${prefix} "
                        "(install(EXPORT)/configure_package_config_file missing?)\n${step_output}")
endif()
if(NOT EXISTS "${prefix}/include/quarry/database.h")
    message(FATAL_ERROR "packaging: ${prefix}/include/quarry/database.h was not installed")
endif()

# 2. Configure and build the consumer against the prefix alone: no package registry (it
#    may point at the build tree), and the compiler/generator of the main build.
set(configure_args
    -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if(CONFIG)
    list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${CONFIG}")
endif()
if(MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
    list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(CXX_FLAGS)
    list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
if(LINK_FLAGS)
    list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}")
endif()
if(QT6_DIR)
    # Where the main build found Qt, for QuarryConfig's find_dependency(Qt6).
    list(APPEND configure_args "-DQt6_DIR=${QT6_DIR}")
endif()
run_step("configuring the consumer" "${CMAKE_COMMAND}" ${configure_args})
string(REGEX MATCH "consumer: Quarry_DIR=([^\n]*)" _ "${step_output}")
set(found_dir "${CMAKE_MATCH_1}")
string(FIND "${found_dir}" "${prefix}/" at)
if(NOT at EQUAL 0)
    message(FATAL_ERROR "packaging: the consumer found Quarry in '${found_dir}', "
                        "not in the install prefix ${prefix}\n${step_output}")
endif()

run_step("building the consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

# 3. Run it.
set(exe "${consumer_build}/consumer")
if(NOT EXISTS "${exe}" AND CONFIG)
    set(exe "${consumer_build}/${CONFIG}/consumer")
endif()
run_step("running the consumer" "${exe}")
if(NOT step_output MATCHES "consumer ok")
    message(FATAL_ERROR "packaging: the consumer ran but did not print 'consumer ok':\n${step_output}")
endif()
message(STATUS "packaging: installed to ${prefix}; consumer built against it and printed 'consumer ok'")
