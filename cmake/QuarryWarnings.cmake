# Warnings for Quarry's own targets (not for moc output of third parties).
function(quarry_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(QUARRY_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
